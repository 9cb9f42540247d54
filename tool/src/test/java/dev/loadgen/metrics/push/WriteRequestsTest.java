package dev.loadgen.metrics.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A remote-write request holds what /metrics serves: the same series, named and labelled alike, with the same values. */
class WriteRequestsTest {
    private static final Map<String, String> EXTERNAL = Map.of("job", "loadgen", "instance", "ci-7/42");

    @Test
    void every_series_of_metrics_is_pushed_with_its_name_labels_and_value() throws IOException {
        PrometheusRegistry registry = Fixture.registry();
        MetricSnapshots snapshot = registry.scrape();
        Map<String, Double> text = ExpositionText.series(snapshot);
        Decoded d = Decoded.of(WriteRequests.encode(snapshot, EXTERNAL, 1_764_000_000_123L));

        Map<String, Double> pushed = new LinkedHashMap<>();
        d.series().forEach(s -> pushed.put(ExpositionText.key(s.name(), s.own("job", "instance")), s.value()));
        assertThat(pushed).hasSize(d.series().size()).containsExactlyInAnyOrderEntriesOf(text);
        assertThat(text).containsKeys(
                "loadgen_requests_total{endpoint=GET /posts/{id}, status=200}",
                "loadgen_requests_total{endpoint=POST \"quoted\" \\ back\nslash é, status=503}",
                "loadgen_request_duration_seconds_bucket{le=0.005, service=posts}",
                "loadgen_request_duration_seconds_bucket{le=+Inf, service=posts}",
                "loadgen_request_duration_seconds_count{service=posts}",
                "think_seconds{quantile=0.95}", "think_seconds_sum{}", "build_info{version=0.1.0}", "phase{phase=hold}",
                "process_cpu_seconds_total{}");
        assertThat(pushed.get("loadgen_request_duration_seconds_bucket{le=0.01, service=posts}")).isEqualTo(2.0);
        assertThat(pushed.get("loadgen_request_duration_seconds_bucket{le=+Inf, service=posts}")).isEqualTo(6.0);
    }

    @Test
    void every_series_carries_the_push_time_and_the_external_labels_unless_it_has_its_own() throws IOException {
        PrometheusRegistry registry = Fixture.registry();
        Decoded d = Decoded.of(WriteRequests.encode(registry.scrape(), Map.of("job", "loadgen", "persona", "external"), 1_764_000_000_123L));
        assertThat(d.series()).allSatisfy(s -> {
            assertThat(s.timestamp()).isEqualTo(1_764_000_000_123L);
            assertThat(s.labels()).containsEntry("job", "loadgen").containsKey("persona");
        });
        assertThat(d.series()).filteredOn(s -> s.name().equals("loadgen_active_users")).singleElement()
                .satisfies(s -> assertThat(s.labels()).containsEntry("persona", "lurker"));
    }

    @Test
    void each_family_is_described_with_its_type_and_help() throws IOException {
        Decoded d = Decoded.of(WriteRequests.encode(Fixture.registry().scrape(), EXTERNAL, 1L));
        assertThat(d.metadata()).contains(
                new Decoded.Metadata(WriteRequests.COUNTER, "loadgen_requests_total", "Requests sent", ""),
                new Decoded.Metadata(WriteRequests.HISTOGRAM, "loadgen_request_duration_seconds", "Latency", "seconds"),
                new Decoded.Metadata(WriteRequests.GAUGE, "loadgen_active_users", "Users running now", ""),
                new Decoded.Metadata(WriteRequests.SUMMARY, "think_seconds", "Think time", ""),
                new Decoded.Metadata(WriteRequests.INFO, "build_info", "Build", ""),
                new Decoded.Metadata(WriteRequests.STATESET, "phase", "Phase of the run", ""));
    }
}
