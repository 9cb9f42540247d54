package dev.loadgen.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ThinkTimesTest {
    private static double[] draw(ThinkTime t, int n) {
        SplittableRandom rng = new SplittableRandom(11);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = t.nextNanos(rng) / 1e9;
        }
        Arrays.sort(v);
        return v;
    }

    @Test
    void log_normal_hits_its_median_and_p95_within_five_percent() {
        double[] v = draw(ThinkTimes.logNormal(Duration.ofSeconds(2), Duration.ofSeconds(8)), 100_000);
        assertThat(v[50_000]).isCloseTo(2.0, within(2.0 * 0.05));
        assertThat(v[95_000]).isCloseTo(8.0, within(8.0 * 0.05));
    }

    @Test
    void exponential_has_its_mean_and_median_ln2_times_the_mean() {
        double[] v = draw(ThinkTimes.exponential(Duration.ofSeconds(3)), 100_000);
        assertThat(Arrays.stream(v).average().orElseThrow()).isCloseTo(3.0, within(3.0 * 0.05));
        assertThat(v[50_000]).isCloseTo(3.0 * Math.log(2), within(3.0 * Math.log(2) * 0.05));
    }

    @Test
    void uniform_stays_in_bounds_and_constant_is_constant() {
        double[] v = draw(ThinkTimes.uniform(Duration.ofSeconds(1), Duration.ofSeconds(3)), 100_000);
        assertThat(v[0]).isGreaterThanOrEqualTo(1.0);
        assertThat(v[v.length - 1]).isLessThan(3.0);
        assertThat(v[50_000]).isCloseTo(2.0, within(0.05));
        assertThat(draw(ThinkTimes.constant(Duration.ofMillis(250)), 10)).containsOnly(0.25);
    }

    @Test
    void a_user_generator_depends_only_on_seed_and_user_number() {
        assertThat(SimulatedUsers.rngFor(42, 7).nextLong()).isEqualTo(SimulatedUsers.rngFor(42, 7).nextLong());
        assertThat(SimulatedUsers.rngFor(42, 7).nextLong()).isNotEqualTo(SimulatedUsers.rngFor(42, 8).nextLong());
        assertThat(SimulatedUsers.rngFor(42, 7).nextLong()).isNotEqualTo(SimulatedUsers.rngFor(43, 7).nextLong());
    }
}
