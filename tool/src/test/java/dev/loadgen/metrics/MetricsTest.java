package dev.loadgen.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The run's meters stay bounded however many endpoints a scenario or plug-in names. */
class MetricsTest {
    @Test
    void a_hundred_thousand_distinct_endpoints_keep_the_first_ones_and_count_the_rest_together_with_one_warning() {
        List<String> warnings = new CopyOnWriteArrayList<>();
        Metrics metrics = new Metrics(warnings::add);
        EndpointMeter first = metrics.endpoint("http", "GET /item/0", "GET");
        for (int i = 0; i < 100_000; i++) {
            EndpointMeter m = metrics.endpoint("http", "GET /item/" + i, "GET");
            metrics.record(new RequestSample(m, i % 3 == 0 ? 503 : 200, i % 3 == 0 ? Outcome.HTTP_ERROR : Outcome.OK, 0, 0, 1_000_000));
        }
        assertThat(metrics.endpoints()).hasSize(Metrics.MAX_ENDPOINTS + 1);
        assertThat(metrics.endpoint("http", "GET /item/0", "GET")).isSameAs(first);
        assertThat(first.count()).isEqualTo(1);
        EndpointMeter other = metrics.endpoints().getLast();
        assertThat(other.service()).isEqualTo(Metrics.OTHER_SERVICE);
        assertThat(other.name()).isEqualTo(Metrics.OTHER_NAME);
        assertThat(other.count()).isEqualTo(100_000 - Metrics.MAX_ENDPOINTS);
        assertThat(metrics.endpoints().stream().mapToLong(EndpointMeter::count).sum()).isEqualTo(100_000);
        assertThat(metrics.endpoints().stream().mapToLong(m -> m.status(503)).sum()).isEqualTo(33_334);
        assertThat(warnings).singleElement().asString()
                .startsWith("more than 200 endpoints: http GET /item/200 and every later one are counted together as _overflow_ * (other endpoints)");

        // what is collected every second is bounded the same way
        IntervalCollector collector = new IntervalCollector(metrics, new WsCounters(), Duration.ofSeconds(1), 0, dev.loadgen.time.Clock.SYSTEM,
                w -> { });
        Snapshot s = collector.collect(1_000_000_000L, true);
        assertThat(s.endpoints()).hasSize(Metrics.MAX_ENDPOINTS + 1);
        assertThat(s.requests()).isEqualTo(100_000);
    }

    @Test
    void an_endpoint_counts_each_status_and_outcome_it_ends_with_and_only_those() {
        Metrics metrics = new Metrics();
        EndpointMeter m = metrics.endpoint("posts", "GET /posts/{id}", "GET");
        metrics.record(new RequestSample(m, 200, Outcome.OK, 0, 0, 1));
        metrics.record(new RequestSample(m, 200, Outcome.BODY_TOO_LARGE, 0, 0, 1));
        metrics.record(new RequestSample(m, 0, Outcome.TIMEOUT, 0, 0, 1));
        metrics.record(new RequestSample(m, 999, Outcome.HTTP_ERROR, 0, 0, 1));
        assertThat(m.status(200)).isEqualTo(2);
        assertThat(m.count(200, Outcome.BODY_TOO_LARGE)).isEqualTo(1);
        assertThat(m.count(0, Outcome.TIMEOUT)).isEqualTo(1);
        assertThat(m.status(0)).isZero();
        assertThat(m.statusesSeen()).containsExactly(200);
        assertThat(m.statusesEnded()).containsExactly(0, 200);
        assertThat(m.count()).isEqualTo(4);
    }
}
