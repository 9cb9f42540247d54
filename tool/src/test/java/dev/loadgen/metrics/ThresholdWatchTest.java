package dev.loadgen.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.config.Origin;
import dev.loadgen.config.Threshold;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** When a threshold marked abort-on-fail ends the run: failing on the totals so far, once its grace period is over. */
class ThresholdWatchTest {
    private static final long S = 1_000_000_000L;

    private static Threshold aborting(String expression, long graceSeconds) {
        return Threshold.parse(expression, Origin.DEFAULTS).abortingAfter(Duration.ofSeconds(graceSeconds));
    }

    /** One endpoint of the posts service: {@code count} requests, {@code errors} of them failed, each taking {@code millis}. */
    private static List<ThresholdCheck.Figures> posts(long count, long errors, long millis) {
        Histogram h = new Histogram(3);
        if (count > 0) {
            h.recordValueWithCount(millis * 1000, count);
        }
        return List.of(new ThresholdCheck.Figures("posts", "GET /posts/{id}", count, errors, 0, 0, 0, h));
    }

    private static Optional<String> failing(List<Threshold> thresholds, List<ThresholdCheck.Figures> figures, double seconds) {
        return ThresholdWatch.failing(thresholds, figures, seconds).map(r -> r.threshold().expression() + " = " + r.measured());
    }

    @Test
    void a_failing_threshold_waits_for_its_grace_period_then_aborts() {
        List<Threshold> t = List.of(aborting("errors.rate < 1%", 10));
        assertThat(failing(t, posts(100, 100, 5), 9.99)).isEmpty();
        assertThat(failing(t, posts(100, 100, 5), 10.0)).contains("errors.rate < 1% = 100.00%");
    }

    @Test
    void a_threshold_that_holds_so_far_does_not_abort_and_nor_does_one_that_is_not_marked() {
        assertThat(failing(List.of(aborting("errors.rate < 1%", 0)), posts(1000, 9, 5), 30)).isEmpty();
        assertThat(failing(List.of(Threshold.parse("errors.rate < 1%", Origin.DEFAULTS)), posts(100, 100, 5), 30)).isEmpty();
    }

    @Test
    void the_first_failing_threshold_in_the_configs_order_is_the_one_that_aborts() {
        List<Threshold> t = List.of(aborting("p95 < 100ms", 5), aborting("errors.rate < 1%", 20), aborting("posts.p99 < 200ms", 5));
        assertThat(failing(t, posts(100, 100, 300), 10)).contains("p95 < 100ms = 300.0ms");
        assertThat(failing(t.subList(1, 3), posts(100, 100, 300), 10)).contains("posts.p99 < 200ms = 300.0ms");
    }

    @Test
    void a_scope_without_traffic_yet_is_undecided_not_failing() {
        assertThat(failing(List.of(aborting("[POST /posts].p95 < 1s", 0)), posts(100, 0, 5), 30)).isEmpty();
        assertThat(failing(List.of(aborting("errors.rate < 1%", 0)), posts(0, 0, 0), 30)).isEmpty();
        assertThat(failing(List.of(aborting("checks.rate > 99%", 0)), posts(100, 0, 5), 30)).isEmpty();
    }

    @Test
    void a_count_under_a_limit_aborts_once_it_has_reached_it_and_rps_is_over_the_time_so_far() {
        assertThat(failing(List.of(aborting("count < 500", 0)), posts(499, 0, 5), 3)).isEmpty();
        assertThat(failing(List.of(aborting("count < 500", 0)), posts(500, 0, 5), 3)).contains("count < 500 = 500");
        assertThat(failing(List.of(aborting("rps < 100", 0)), posts(500, 0, 5), 6)).isEmpty();
        assertThat(failing(List.of(aborting("rps < 100", 0)), posts(500, 0, 5), 4)).contains("rps < 100 = 125.0/s");
    }

    @Test
    void as_a_sink_it_reads_the_collectors_totals_and_aborts_once_but_never_on_the_last_snapshot() {
        Metrics metrics = new Metrics();
        IntervalCollector collector = new IntervalCollector(metrics, new WsCounters(), Duration.ofSeconds(1), 0,
                dev.loadgen.time.Clock.SYSTEM, w -> { throw new AssertionError(w); });
        List<String> aborted = new ArrayList<>();
        collector.add(new ThresholdWatch(List.of(Threshold.parse("count > 0", Origin.DEFAULTS), aborting("errors.rate < 10%", 2)),
                collector.totals(), (r, at) -> aborted.add(r.threshold().expression() + " " + r.measured() + " at " + at + " s")));
        EndpointMeter feed = metrics.endpoint("posts", "GET /feed", "GET");
        metrics.record(new RequestSample(feed, 500, Outcome.HTTP_ERROR, 0, 0, S / 100));
        collector.collect(S, false);
        assertThat(aborted).as("within the grace period").isEmpty();
        for (int i = 0; i < 9; i++) {
            metrics.record(new RequestSample(feed, 200, Outcome.OK, 0, 0, S / 100));
        }
        collector.collect(2 * S, false);
        assertThat(aborted).as("1 error in 10 requests: 10% is not under 10%").containsExactly("errors.rate < 10% 10.00% at 2.0 s");
        metrics.record(new RequestSample(feed, 500, Outcome.HTTP_ERROR, 0, 0, S / 100));
        collector.collect(3 * S, false);
        assertThat(aborted).as("once").hasSize(1);

        Metrics quiet = new Metrics();
        IntervalCollector last = new IntervalCollector(quiet, new WsCounters(), Duration.ofSeconds(1), 0,
                dev.loadgen.time.Clock.SYSTEM, w -> { throw new AssertionError(w); });
        last.add(new ThresholdWatch(List.of(aborting("errors.rate < 10%", 0)), last.totals(), (r, at) -> aborted.add("late")));
        quiet.record(new RequestSample(quiet.endpoint("posts", "GET /feed", "GET"), 500, Outcome.HTTP_ERROR, 0, 0, S / 100));
        last.collect(5 * S, true);
        assertThat(aborted).doesNotContain("late");
    }
}
