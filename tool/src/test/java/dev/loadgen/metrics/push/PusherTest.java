package dev.loadgen.metrics.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.time.Clock;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The push schedule: every interval, once more at the end, in time order; failures said once and counted, never waited for. */
class PusherTest {
    private static final Duration INTERVAL = Duration.ofMillis(50);

    /** Records what it is sent; fails every push while {@code failWith} is set; waits for {@code hold} to open before answering. */
    private static final class FakeReceiver implements Receiver {
        final List<Long> stamps = new CopyOnWriteArrayList<>();
        final CountDownLatch twoPushes = new CountDownLatch(2);
        final CountDownLatch hold;
        final String failWith;

        FakeReceiver(String failWith, CountDownLatch hold) {
            this.failWith = failWith;
            this.hold = hold;
        }

        @Override
        public void push(MetricSnapshots snapshot, long epochMillis, Duration timeout) throws PushFailure {
            stamps.add(epochMillis);
            twoPushes.countDown();
            try {
                hold.await();
            } catch (InterruptedException e) {
                throw new PushFailure("interrupted");
            }
            if (failWith != null) {
                throw new PushFailure(failWith);
            }
        }

        @Override
        public String describe() {
            return "remote write to http://127.0.0.1:1/api/v1/write";
        }

        @Override
        public String label() {
            return "fake";
        }

        @Override
        public void close() {}
    }

    private static Pusher pusher(FakeReceiver r, List<String> warnings) {
        // a wall clock that stands still: the stamps must still increase
        return new Pusher(r, () -> new MetricSnapshots(List.of()), INTERVAL, Duration.ofSeconds(1), () -> 1_000L, Clock.SYSTEM, warnings::add);
    }

    @Test
    void pushes_every_interval_and_once_more_at_the_end_in_time_order() throws InterruptedException {
        FakeReceiver r = new FakeReceiver(null, new CountDownLatch(0));
        List<String> warnings = new CopyOnWriteArrayList<>();
        Pusher p = pusher(r, warnings);
        p.start();
        assertThat(r.twoPushes.await(5, TimeUnit.SECONDS)).isTrue();
        p.finish();
        int before = r.stamps.size();
        assertThat(p.await(Duration.ofSeconds(5))).isTrue();
        assertThat(r.stamps.size()).as("the last push, after finish").isGreaterThanOrEqualTo(before).isGreaterThanOrEqualTo(3);
        for (int i = 1; i < r.stamps.size(); i++) {
            assertThat(r.stamps.get(i)).isGreaterThan(r.stamps.get(i - 1));
        }
        assertThat(p.attempts()).isEqualTo(r.stamps.size());
        assertThat(p.failures()).isZero();
        assertThat(warnings).isEmpty();
    }

    @Test
    void a_run_shorter_than_the_interval_still_gets_its_one_push() {
        FakeReceiver r = new FakeReceiver(null, new CountDownLatch(0));
        Pusher p = new Pusher(r, () -> new MetricSnapshots(List.of()), Duration.ofHours(1), Duration.ofSeconds(1), () -> 1_000L, Clock.SYSTEM, w -> {});
        p.start();
        p.finish();
        assertThat(p.await(Duration.ofSeconds(5))).isTrue();
        assertThat(r.stamps).hasSize(1);
    }

    @Test
    void a_refusing_receiver_is_said_once_and_every_failed_push_is_counted() throws InterruptedException {
        FakeReceiver r = new FakeReceiver("HTTP 400: out of order sample", new CountDownLatch(0));
        List<String> warnings = new CopyOnWriteArrayList<>();
        Pusher p = pusher(r, warnings);
        p.start();
        assertThat(r.twoPushes.await(5, TimeUnit.SECONDS)).isTrue();
        p.finish();
        assertThat(p.await(Duration.ofSeconds(5))).isTrue();
        assertThat(p.failures()).isEqualTo(p.attempts()).isGreaterThanOrEqualTo(3);
        assertThat(p.lastFailure()).contains("HTTP 400: out of order sample");
        assertThat(warnings).containsExactly("cannot push metrics: remote write to http://127.0.0.1:1/api/v1/write failed "
                + "(HTTP 400: out of order sample); the run goes on, and failed pushes are counted in loadgen_metrics_push_failed_total");
    }

    @Test
    void a_failure_of_the_last_push_is_left_to_the_end_of_run_lines() {
        FakeReceiver r = new FakeReceiver("ConnectException", new CountDownLatch(0));
        List<String> warnings = new CopyOnWriteArrayList<>();
        Pusher p = new Pusher(r, () -> new MetricSnapshots(List.of()), Duration.ofHours(1), Duration.ofSeconds(1), () -> 1_000L, Clock.SYSTEM,
                warnings::add);
        p.start();
        p.finish();
        assertThat(p.await(Duration.ofSeconds(5))).isTrue();
        assertThat(p.failures()).isEqualTo(1);
        assertThat(p.lastFailure()).contains("ConnectException");
        assertThat(warnings).isEmpty();
    }

    @Test
    void a_receiver_that_never_answers_holds_the_end_no_longer_than_the_caller_allows() throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        FakeReceiver r = new FakeReceiver(null, never);
        Pusher p = pusher(r, new CopyOnWriteArrayList<>());
        p.start();
        p.finish();
        long t0 = System.nanoTime();
        assertThat(p.await(Duration.ofMillis(200))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        never.countDown();
        assertThat(p.await(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void a_pusher_never_started_has_nothing_to_wait_for() {
        Pusher p = pusher(new FakeReceiver(null, new CountDownLatch(0)), List.of());
        p.finish();
        assertThat(p.await(Duration.ZERO)).isTrue();
        assertThat(p.attempts()).isZero();
    }
}
