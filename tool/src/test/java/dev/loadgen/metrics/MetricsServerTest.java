package dev.loadgen.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadgen.config.ConfigException;
import dev.loadgen.config.ObservabilityConfig.MetricsEndpoint;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The endpoint over a real socket: format negotiation, and what happens when the port is taken. */
class MetricsServerTest {
    private static PrometheusRegistry registry() {
        Metrics metrics = new Metrics();
        EndpointMeter m = metrics.endpoint("posts", "GET /feed", "GET");
        metrics.record(new RequestSample(m, 200, Outcome.OK, 0, 0, 5_000_000, "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"));
        PrometheusSink sink = new PrometheusSink(metrics, new WsCounters(), w -> {});
        IntervalCollector c = new IntervalCollector(metrics, new WsCounters(), java.time.Duration.ofSeconds(1), 0, dev.loadgen.time.Clock.SYSTEM, w -> { throw new AssertionError(w); });
        c.add(sink);
        c.collect(1_000_000_000L, false);
        PrometheusRegistry r = new PrometheusRegistry();
        r.register(sink);
        return r;
    }

    private static HttpResponse<String> get(String url, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void serves_prometheus_text_by_default_and_openmetrics_with_exemplars_when_asked() throws Exception {
        try (MetricsServer s = MetricsServer.start(new MetricsEndpoint("127.0.0.1", 0, false), registry())) {
            HttpResponse<String> text = get(s.url(), null);
            assertThat(text.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
            assertThat(text.body()).contains("loadgen_requests_total{endpoint=\"GET /feed\",method=\"GET\",outcome=\"ok\",service=\"posts\",status=\"200\"} 1.0")
                    .doesNotContain("trace_id");
            HttpResponse<String> om = get(s.url(), "application/openmetrics-text; version=1.0.0; charset=utf-8");
            assertThat(om.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/openmetrics-text"));
            assertThat(om.body()).contains("# {span_id=\"00f067aa0ba902b7\",trace_id=\"4bf92f3577b34da6a3ce929d0e0e4736\"} 0.005").endsWith("# EOF\n");
        }
    }

    @Test
    void the_default_port_gives_way_to_a_free_one_when_taken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             MetricsServer s = MetricsServer.start(new MetricsEndpoint("127.0.0.1", taken.getLocalPort(), true), registry())) {
            assertThat(s.port()).isNotEqualTo(taken.getLocalPort()).isPositive();
            assertThat(s.movedFrom()).hasValue(taken.getLocalPort());
            assertThat(get(s.url(), null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void an_explicit_port_that_is_taken_is_a_one_line_error() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> MetricsServer.start(new MetricsEndpoint("127.0.0.1", port, false), registry()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("observe.metrics-port (--metrics-port): port " + port + " on 127.0.0.1 is taken (another run?); "
                            + "choose another port, auto, or 0 to turn the metrics endpoint off");
        }
    }

    @Test
    void a_bind_address_that_is_not_this_machines_is_a_one_line_error() {
        assertThatThrownBy(() -> MetricsServer.start(new MetricsEndpoint("no-such-host.invalid", 0, true), registry()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("observe.metrics-bind: 'no-such-host.invalid' is not a known address");
    }
}
