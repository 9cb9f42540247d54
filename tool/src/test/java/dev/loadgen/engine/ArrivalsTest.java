package dev.loadgen.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.loadgen.config.LoadProfile;
import dev.loadgen.config.Segment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ArrivalsTest {
    private static final long S = 1_000_000_000L;

    private static LoadProfile.Stage stage(long seconds, double rate) {
        return new LoadProfile.Stage(Duration.ofSeconds(seconds), rate);
    }

    private static List<Long> all(Arrivals a) {
        List<Long> out = new ArrayList<>();
        for (long t = a.nextNanos(); t >= 0; t = a.nextNanos()) {
            out.add(t);
        }
        return out;
    }

    @Test
    void constant_arrivals_are_evenly_spaced_at_the_rate() {
        List<Long> t = all(Arrivals.constant(new RateCurve(50, List.of(stage(10, 50)))));
        assertThat(t).hasSize(501);
        assertThat(t.get(1) - t.get(0)).isEqualTo(S / 50);
        assertThat(t.get(250)).isEqualTo(5 * S);
    }

    @Test
    void a_linear_ramp_of_the_rate_follows_its_integral_each_second() {
        // 0 -> 100/s over 10 s: arrivals in second k are the area under the ramp, 10k + 5
        List<Long> t = all(Arrivals.constant(new RateCurve(0, List.of(stage(10, 100)))));
        assertThat(t).hasSize(501);
        for (int k = 0; k < 10; k++) {
            long from = k * S;
            long to = from + S;
            assertThat(t.stream().filter(x -> x >= from && x < to).count()).isCloseTo(10L * k + 5, within(1L));
        }
    }

    @Test
    void poisson_arrivals_have_the_rate_and_exponential_gaps() {
        List<Long> t = all(Arrivals.poisson(new RateCurve(20, List.of(stage(1000, 20))), new SplittableRandom(42)));
        assertThat((double) t.size()).isCloseTo(20_000, within(20_000 * 0.02));
        double[] gaps = new double[t.size() - 1];
        double mean = 0;
        for (int i = 1; i < t.size(); i++) {
            gaps[i - 1] = (t.get(i) - t.get(i - 1)) / 1e9;
            mean += gaps[i - 1];
        }
        mean /= gaps.length;
        double var = 0;
        for (double g : gaps) {
            var += (g - mean) * (g - mean);
        }
        double cv = Math.sqrt(var / gaps.length) / mean;
        assertThat(mean).isCloseTo(0.05, within(0.05 * 0.03));
        assertThat(cv).isCloseTo(1.0, within(0.03));
    }

    @Test
    void poisson_follows_a_changing_rate() {
        // 10/s for 500 s, then 40/s for 500 s
        RateCurve curve = new RateCurve(10, List.of(stage(500, 10), stage(0, 40), stage(500, 40)));
        List<Long> t = all(Arrivals.poisson(curve, new SplittableRandom(7)));
        long first = t.stream().filter(x -> x < 500 * S).count();
        long second = t.size() - first;
        assertThat((double) first).isCloseTo(5000, within(5000 * 0.04));
        assertThat((double) second).isCloseTo(20000, within(20000 * 0.02));
    }

    @Test
    void segments_with_the_same_seed_split_one_run_exactly() {
        LoadProfile.Open whole = new LoadProfile.Open(5, List.of(stage(100, 5)), LoadProfile.Arrivals.POISSON, 100,
                Duration.ZERO, Segment.WHOLE);
        List<Long> expected = all(Arrivals.of(whole, new SplittableRandom(3)));
        List<Long> union = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            LoadProfile.Open part = new LoadProfile.Open(5, whole.stages(), whole.arrivals(), 100, Duration.ZERO, new Segment(i, 3));
            union.addAll(all(Arrivals.of(part, new SplittableRandom(3))));
        }
        assertThat(union.stream().sorted().toList()).isEqualTo(expected);
    }
}
