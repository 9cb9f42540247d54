package dev.loadgen.metrics.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.loadgen.config.PushConfig;
import dev.loadgen.config.TracingConfig;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** OTLP metrics to an OTLP/HTTP receiver on loopback, read back with the protocol's generated classes. */
class OtlpMetricsTest {
    private final List<ExportMetricsServiceRequest> received = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private int status = 200;

    private URI start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/metrics", ex -> {
            received.add(ExportMetricsServiceRequest.parseFrom(ex.getRequestBody().readAllBytes()));
            ex.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/metrics");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static OtlpMetrics otlp(URI endpoint) {
        return OtlpMetrics.of(new PushConfig.Otlp(endpoint, TracingConfig.Protocol.HTTP_PROTOBUF,
                Map.of("service.name", "loadgen", "service.instance.id", "ci-7/42"), Map.of("x-team", "perf")), 1_764_000_000_000L);
    }

    private static Map<String, String> attributes(List<KeyValue> kvs) {
        return kvs.stream().collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue()));
    }

    @Test
    void the_metrics_arrive_named_so_that_prometheus_names_them_as_metrics_does() throws Exception {
        URI endpoint = start();
        MetricSnapshots snapshot = Fixture.registry().scrape();
        try (OtlpMetrics otlp = otlp(endpoint)) {
            otlp.push(snapshot, 1_764_000_005_000L, Duration.ofSeconds(5));
        }
        var rm = received.getFirst().getResourceMetrics(0);
        assertThat(attributes(rm.getResource().getAttributesList()))
                .containsEntry("service.name", "loadgen").containsEntry("service.instance.id", "ci-7/42");
        List<Metric> metrics = rm.getScopeMetrics(0).getMetricsList();

        // Prometheus' OTLP translation appends _total to monotonic sums; the other names stay
        Set<String> translated = new HashSet<>();
        metrics.forEach(m -> translated.add(m.hasSum() && m.getSum().getIsMonotonic() ? m.getName() + "_total" : m.getName()));
        Set<String> families = new HashSet<>();
        snapshot.forEach(s -> families.add(WriteRequests.family(s).name()));
        assertThat(translated).isEqualTo(families);

        Metric requests = metrics.stream().filter(m -> m.getName().equals("loadgen_requests")).findFirst().orElseThrow();
        assertThat(requests.getSum().getAggregationTemporality()).isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
        NumberDataPoint ok = requests.getSum().getDataPointsList().stream()
                .filter(p -> attributes(p.getAttributesList()).equals(Map.of("endpoint", "GET /posts/{id}", "status", "200"))).findFirst().orElseThrow();
        assertThat(ok.getAsDouble()).isEqualTo(18);
        assertThat(ok.getTimeUnixNano()).isEqualTo(1_764_000_005_000L * 1_000_000);
        assertThat(ok.getStartTimeUnixNano()).isEqualTo(1_764_000_000_000L * 1_000_000);

        Metric latency = metrics.stream().filter(m -> m.getName().equals("loadgen_request_duration_seconds")).findFirst().orElseThrow();
        assertThat(latency.getUnit()).isEqualTo("s");
        var point = latency.getHistogram().getDataPoints(0);
        assertThat(attributes(point.getAttributesList())).isEqualTo(Map.of("service", "posts"));
        assertThat(point.getExplicitBoundsList()).containsExactly(0.005, 0.01, 0.1, 1.0);
        assertThat(point.getBucketCountsList()).containsExactly(2L, 0L, 2L, 1L, 1L);
        assertThat(point.getCount()).isEqualTo(6);

        Metric users = metrics.stream().filter(m -> m.getName().equals("loadgen_active_users")).findFirst().orElseThrow();
        assertThat(attributes(users.getGauge().getDataPoints(0).getAttributesList())).isEqualTo(Map.of("persona", "lurker"));
        assertThat(users.getGauge().getDataPoints(0).getAsDouble()).isEqualTo(3);
    }

    @Test
    void a_closed_port_fails_at_once_without_retries() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        try (OtlpMetrics otlp = otlp(URI.create("http://127.0.0.1:" + closed + "/v1/metrics"))) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> otlp.push(Fixture.registry().scrape(), 1L, Duration.ofSeconds(5)))
                    .isInstanceOf(Receiver.PushFailure.class).hasMessage("ConnectException");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void a_refusing_receiver_is_a_failure_naming_its_status() throws Exception {
        URI endpoint = start();
        status = 404;
        try (OtlpMetrics otlp = otlp(endpoint)) {
            assertThatThrownBy(() -> otlp.push(Fixture.registry().scrape(), 1L, Duration.ofSeconds(5)))
                    .isInstanceOf(Receiver.PushFailure.class).hasMessage("HTTP 404");
        }
    }
}
