package dev.loadgen.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** What the snapshots carry besides the histograms: error texts per interval and the run's counters. */
class IntervalCollectorTest {
    private final Metrics metrics = new Metrics();
    private final WsCounters ws = new WsCounters();
    private final IntervalCollector collector = new IntervalCollector(metrics, ws, Duration.ofSeconds(1), 0, dev.loadgen.time.Clock.SYSTEM, w -> { throw new AssertionError(w); });
    private final EndpointMeter feed = metrics.endpoint("posts", "GET /feed", "GET");

    private void fail(String text) {
        metrics.record(new RequestSample(feed, 503, Outcome.HTTP_ERROR, 0, 0, 1_000_000), text);
    }

    @Test
    void each_interval_carries_the_error_texts_seen_in_it_and_no_others() {
        fail("HTTP 503: overloaded");
        fail("HTTP 503: overloaded");
        fail("HTTP 500: <b>boom</b>");
        Snapshot first = collector.collect(1_000_000_000L, false);
        metrics.record(new RequestSample(feed, 200, Outcome.OK, 0, 0, 1_000_000));
        Snapshot second = collector.collect(2_000_000_000L, false);
        fail("HTTP 503: overloaded");
        Snapshot third = collector.collect(3_000_000_000L, true);

        assertThat(first.endpoints().getFirst().errorTexts())
                .isEqualTo(Map.of("HTTP 503: overloaded", 2L, "HTTP 500: <b>boom</b>", 1L));
        assertThat(second.endpoints().getFirst().errorTexts()).isEmpty();
        assertThat(third.endpoints().getFirst().errorTexts()).isEqualTo(Map.of("HTTP 503: overloaded", 1L));
        assertThat(feed.errorTexts()).isEqualTo(Map.of("HTTP 503: overloaded", 3L, "HTTP 500: <b>boom</b>", 1L));
    }

    @Test
    void a_secret_in_an_error_text_is_redacted_before_it_is_kept() {
        fail("GET http://ann:hunter2@127.0.0.1:9/x?token=t0ps3cret failed");
        assertThat(feed.errorTexts()).containsOnlyKeys("GET http://ann:(redacted)@127.0.0.1:9/x?token=(redacted) failed");
    }

    @Test
    void texts_are_bounded_whatever_the_target_answers() {
        for (int i = 0; i < 100; i++) {
            fail("HTTP 500: request " + i + " failed\nwith a second line");
        }
        fail("x".repeat(5000));
        Map<String, Long> texts = feed.errorTexts();
        assertThat(texts).hasSize(ErrorTexts.MAX_TEXTS);
        assertThat(texts.get(ErrorTexts.OTHER)).isEqualTo(100 - (ErrorTexts.MAX_TEXTS - 1) + 1);
        assertThat(texts.keySet()).allSatisfy(t -> {
            assertThat(t.length()).isLessThanOrEqualTo(ErrorTexts.MAX_LENGTH);
            assertThat(t).doesNotContain("\n");
        });
        assertThat(texts).containsKey("HTTP 500: request 0 failed with a second line");
    }

    @Test
    void counters_tell_users_by_persona_sessions_websockets_and_chaos_so_far() {
        metrics.users().userStarted("lurker");
        metrics.users().userStarted("lurker");
        metrics.users().userStarted("poster");
        metrics.users().userEnded("lurker");
        metrics.users().sessionCompleted("lurker");
        metrics.users().sessionAbandoned("poster");
        metrics.users().sessionDropped();
        ws.opened();
        ws.sent("message");
        ws.received("message");
        ws.received("typing");
        ws.settled(1, 1);
        metrics.chaos().injected("delay");
        metrics.chaos().injected("delay");
        metrics.chaos().injected("abort");
        Snapshot s = collector.collect(1_000_000_000L, false);
        assertThat(s.activeUsers()).isEqualTo(2);
        assertThat(s.sessionsDropped()).isEqualTo(1);
        assertThat(s.counters()).isEqualTo(new Snapshot.Counters(Map.of("lurker", 1, "poster", 1), 1, 1, 1, 1, 2, 1, 0, 0,
                Map.of("delay", 2L, "abort", 1L)));
    }

    /** A clock that moves only when the test moves it; whoever sleeps on it wakes when it passes their deadline. */
    private static final class SteppedClock implements Clock {
        private volatile long now;

        SteppedClock(long now) {
            this.now = now;
        }

        synchronized void moveTo(long t) {
            now = t;
            notifyAll();
        }

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public synchronized boolean sleepUntil(long deadlineNanos, BooleanSupplier wakeEarly) throws InterruptedException {
            while (now < deadlineNanos) {
                if (wakeEarly.getAsBoolean()) {
                    return false;
                }
                wait(5);
            }
            return true;
        }
    }

    @Test
    void an_instance_that_joins_its_run_late_collects_on_the_runs_own_seconds() throws InterruptedException {
        long s = 1_000_000_000L;
        SteppedClock clock = new SteppedClock(3_400_000_000L);    // the run started at 0; this instance joins at 3.4 s
        IntervalCollector late = new IntervalCollector(metrics, ws, Duration.ofSeconds(1), 0, clock, w -> { throw new AssertionError(w); });
        BlockingQueue<Snapshot> seen = new LinkedBlockingQueue<>();
        late.add(seen::add);
        late.start();
        clock.moveTo(4 * s);
        Snapshot first = seen.poll(10, TimeUnit.SECONDS);
        clock.moveTo(5 * s);
        Snapshot second = seen.poll(10, TimeUnit.SECONDS);
        late.finish();
        // the rest of the run's 4th second, then its 5th: the merge puts them with the other instances' 4th and 5th
        assertThat(first.elapsedSeconds()).isEqualTo(4.0);
        assertThat(first.intervalSeconds()).isCloseTo(0.6, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(second.elapsedSeconds()).isEqualTo(5.0);
        assertThat(second.intervalSeconds()).isEqualTo(1.0);
    }
}
