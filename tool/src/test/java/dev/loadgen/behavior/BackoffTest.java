package dev.loadgen.behavior;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Reconnection waits double from the socket's backoff min (0.5 s) to its max (30 s) with ±50 % jitter, so the
 * clients of a restarted server spread out; meanwhile the steps on the socket are skipped and counted. In
 * virtual time.
 */
class BackoffTest {
    private static final long S = 1_000_000_000L;
    private static final Sockets.Spec SPEC = new Sockets.Spec("chat", 0, "chat", null, null, new String[0], new Template[0], new Template[0],
            false, true, "type", 500_000_000L, 30 * S, null, false, new dev.loadgen.metrics.WsCounters());

    @Test
    void waits_double_with_jitter_up_to_thirty_seconds() {
        Sockets.State s = new Sockets.State();
        SplittableRandom rng = new SplittableRandom(4);
        long now = 0;
        double[] base = {0.5, 1, 2, 4, 8, 16, 30, 30};
        for (double b : base) {
            assertThat(now).isGreaterThanOrEqualTo(s.nextConnectAtNanos);
            s.failed(now, SPEC, rng);
            assertThat(s.nextConnectAtNanos).isBetween(now + (long) (b * 0.5 * S), now + (long) (b * 1.5 * S));
            now += (long) (b * 1.5 * S);
        }
        s.connected();
        assertThat(s.nextConnectAtNanos).isZero();
    }

    @Test
    void a_thousand_clients_dropped_at_once_come_back_spread_over_the_first_window() {
        long[] perHundredMillis = new long[8];
        for (int user = 0; user < 1000; user++) {
            Sockets.State s = new Sockets.State();
            s.failed(0, SPEC, new SplittableRandom(user));
            perHundredMillis[(int) Math.min(7, s.nextConnectAtNanos / (S / 10))]++;
        }
        // first retries fall between 0.25 s and 0.75 s, about 200 per 100 ms, never all at once
        assertThat(perHundredMillis[0] + perHundredMillis[1]).isZero();
        for (int i = 3; i <= 6; i++) {
            assertThat(perHundredMillis[i]).isBetween(150L, 250L);
        }
    }

    @Test
    void steps_on_a_socket_that_failed_to_open_are_skipped_until_the_backoff_is_over() throws Exception {
        String yaml = """
                target: {chat: "http://127.0.0.1:9"}
                users: {account: none, actions: {talk: 1}}
                sockets:
                  chat: {url: chat /ws, backoff: {min: 1s, max: 8s}}
                actions:
                  talk:
                    - ws-send: chat
                      json: {type: hello}
                """;
        // no WebSocket client at all: every open fails
        Harness h = Harness.of(yaml, new FakeTarget(c -> null), Optional.empty());
        UserState u = h.user(1);
        h.perform("talk", u);
        assertThat(h.skips()).containsEntry("talk step 1: socket chat did not open (see its endpoint)", 1L);
        h.clock.advance(Duration.ofMillis(400));
        h.perform("talk", u);
        assertThat(h.skips()).containsEntry("talk step 1: socket chat is waiting to reconnect (backoff)", 1L);
        h.clock.advance(Duration.ofMillis(1200));
        h.perform("talk", u);
        assertThat(h.skips()).containsEntry("talk step 1: socket chat did not open (see its endpoint)", 2L);
    }
}
