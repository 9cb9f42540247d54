package dev.loadgen.metrics.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** loadgen's Snappy blocks, decompressed by snappy-java (the reference C++ library through JNI). */
class SnappyTest {
    private static byte[] roundTrip(byte[] in) throws IOException {
        byte[] back = org.xerial.snappy.Snappy.uncompress(Snappy.compress(in));
        assertThat(back).isEqualTo(in);
        return back;
    }

    @Test
    void empty_short_random_and_repetitive_input_comes_back_as_it_was() throws IOException {
        roundTrip(new byte[0]);
        roundTrip(new byte[] {7});
        roundTrip("abc".getBytes(StandardCharsets.US_ASCII));
        roundTrip("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes(StandardCharsets.US_ASCII));
        SplittableRandom rng = new SplittableRandom(7);
        for (int size : new int[] {59, 60, 61, 255, 256, 257, 65_535, 65_536, 65_537, 300_000}) {
            byte[] random = new byte[size];
            for (int i = 0; i < size; i++) {
                random[i] = (byte) rng.nextInt(256);
            }
            roundTrip(random);
            byte[] words = new byte[size];
            for (int i = 0; i < size; i++) {
                words[i] = (byte) ("loadgen_request_duration_seconds_bucket".charAt(rng.nextInt(4) + i % 30));
            }
            roundTrip(words);
        }
    }

    @Test
    void a_write_request_shrinks_about_as_much_as_with_the_reference_library() throws IOException {
        byte[] request = WriteRequests.encode(Fixture.registry().scrape(), Map.of("job", "loadgen"), 1L);
        byte[] compressed = Snappy.compress(request);
        int reference = org.xerial.snappy.Snappy.compress(request).length;
        roundTrip(request);
        assertThat(compressed.length).as("%d bytes from %d, the reference %d", compressed.length, request.length, reference)
                .isLessThan(request.length / 3).isLessThan(reference * 5 / 4);
    }
}
