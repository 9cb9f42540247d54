package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every line printed through the console's streams loses its secrets, however it was written. */
class RedactingOutputTest {
    @Test
    void lines_are_redacted_whether_printed_whole_in_pieces_or_rewritten_with_a_carriage_return() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream console = RedactingOutput.wrap(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        console.println("loadgen: target url at http://user:secret@127.0.0.1:19999/ is unreachable");
        // a secret split over two writes is still one line
        console.print("GET /x?tok");
        console.print("en=abc&page=2");
        console.print("\r");
        console.printf("Authorization: Bearer xyz%n");
        console.print("no newline at the end");
        console.flush();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(
                "loadgen: target url at http://user:(redacted)@127.0.0.1:19999/ is unreachable" + System.lineSeparator()
                        + "GET /x?token=(redacted)&page=2\r"
                        + "Authorization: (redacted)" + System.lineSeparator()
                        + "no newline at the end");
    }

    @Test
    void text_without_secrets_passes_unchanged_byte_for_byte() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream console = RedactingOutput.wrap(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String table = "service  endpoint   count  p50 µs → ms\n  total  42\n";
        console.print(table);
        console.flush();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(table);
    }
}
