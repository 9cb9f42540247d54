package dev.loadgen.behavior;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Reconnection waits double from 0.5 s to 30 s with ±50 % jitter, so clients of a restarted server spread out. */
class BackoffTest {
    private static final long S = 1_000_000_000L;

    @Test
    void waits_double_with_jitter_up_to_thirty_seconds() {
        UserSession s = new UserSession(1, new SplittableRandom(4), "chatter");
        long now = 0;
        double[] base = {0.5, 1, 2, 4, 8, 16, 30, 30};
        for (double b : base) {
            assertThat(s.mayConnect(now)).isTrue();
            s.connectFailed(now);
            assertThat(s.mayConnect(now + (long) (b * 0.5 * S) - 1)).isFalse();
            assertThat(s.mayConnect(now + (long) (b * 1.5 * S))).isTrue();
            now += (long) (b * 1.5 * S);
        }
        s.connected();
        assertThat(s.mayConnect(now)).isTrue();
    }

    @Test
    void a_thousand_clients_dropped_at_once_come_back_spread_over_the_first_window() {
        long[] perHundredMillis = new long[8];
        for (int user = 0; user < 1000; user++) {
            UserSession s = new UserSession(user, new SplittableRandom(user), "chatter");
            s.connectFailed(0);
            long t = 0;
            while (!s.mayConnect(t)) {
                t += S / 100;
            }
            perHundredMillis[(int) Math.min(7, t / (S / 10))]++;
        }
        // first retries fall between 0.25 s and 0.75 s, about 200 per 100 ms, never all at once
        assertThat(perHundredMillis[0] + perHundredMillis[1]).isZero();
        for (int i = 3; i <= 6; i++) {
            assertThat(perHundredMillis[i]).isBetween(150L, 250L);
        }
    }
}
