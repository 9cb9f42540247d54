package dev.loadgen.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The /metrics text is what Prometheus, Grafana and people's alert rules read: for a fixed set of samples
 * it is pinned by golden files, in both formats. Regenerate them with -Dgolden.update=true after a
 * deliberate change, and read the diff.
 */
class PrometheusSinkTest {
    private static final long MS = 1_000_000;

    private static PrometheusRegistry fixture(List<String> warnings, int maxSeries) {
        Metrics metrics = new Metrics();
        WsCounters ws = new WsCounters();
        EndpointMeter read = metrics.endpoint("posts", "GET /posts/{id}", "GET");
        EndpointMeter login = metrics.endpoint("auth", "POST /auth/login", "POST");
        EndpointMeter socket = metrics.endpoint("chat", "WS /chat/ws", "GET");
        for (int i = 1; i <= 20; i++) {
            metrics.record(new RequestSample(read, i <= 18 ? 200 : 503, i <= 18 ? Outcome.OK : Outcome.HTTP_ERROR, 0, 0, i * 4 * MS));
        }
        // a 404 that the behaviour expected (content gone) and one it did not, on the same endpoint
        metrics.record(new RequestSample(read, 404, Outcome.OK, 0, 0, 3 * MS));
        metrics.record(new RequestSample(read, 404, Outcome.HTTP_ERROR, 0, 0, 3 * MS));
        metrics.record(new RequestSample(login, 200, Outcome.OK, 0, 0, 40 * MS, "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331"));
        metrics.record(new RequestSample(login, 0, Outcome.TIMEOUT, 0, 0, 10_000 * MS));
        metrics.record(new RequestSample(socket, 101, Outcome.OK, 0, 0, 7 * MS));
        // the reads opened two connections over TLS, the login one over plain HTTP
        metrics.opened(new ConnectionSample(read, 300_000, java.util.OptionalLong.of(4 * MS)));
        metrics.opened(new ConnectionSample(read, 1_200_000, java.util.OptionalLong.of(30 * MS)));
        metrics.opened(new ConnectionSample(login, 600_000, java.util.OptionalLong.empty()));
        metrics.users().userStarted("lurker");
        metrics.users().userStarted("lurker");
        metrics.users().userStarted("chatter");
        metrics.users().userEnded("lurker");
        metrics.users().sessionCompleted("lurker");
        metrics.users().sessionAbandoned("lurker");
        metrics.users().thought("lurker", 1500 * MS);
        metrics.users().thought("lurker", 7 * 1000 * MS);
        metrics.users().sessionDropped();
        metrics.chaos().injected("delay");
        metrics.chaos().injected("forged-token");
        metrics.chaos().injected("forged-token");
        metrics.chaos().reacted("forged-token", true, 401);
        metrics.chaos().reacted("forged-token", false, 500);
        ws.opened();
        ws.sent("join");
        ws.sent("message");
        ws.received("joined");
        ws.received("message");
        ws.echoDelivered(12 * MS);
        ws.settled(0, 1);
        PrometheusSink sink = new PrometheusSink(metrics, ws, maxSeries, warnings::add, nanos -> 1_764_000_000_000L + nanos / MS);
        IntervalCollector collector = new IntervalCollector(metrics, ws, java.time.Duration.ofSeconds(1), 0, dev.loadgen.time.Clock.SYSTEM, w -> { throw new AssertionError(w); });
        collector.add(sink);
        collector.collect(1_000 * MS, false);
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(sink);
        return registry;
    }

    private static String write(PrometheusRegistry registry, ExpositionFormatWriter writer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void assertGolden(String actual, String name) throws IOException {
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(Path.of("src/test/resources/golden").resolve(name), actual);
        }
        try (InputStream in = PrometheusSinkTest.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("golden file " + name).isNotNull();
            assertThat(actual).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void prometheus_text_matches_the_golden_file() throws IOException {
        assertGolden(write(fixture(new ArrayList<>(), 1000), PrometheusTextFormatWriter.create()), "metrics.txt");
    }

    @Test
    void openmetrics_text_with_exemplars_matches_the_golden_file() throws IOException {
        String text = write(fixture(new ArrayList<>(), 1000), OpenMetricsTextFormatWriter.builder().build());
        assertThat(text).contains("trace_id=\"0af7651916cd43dd8448eb211c80319c\"");
        assertGolden(text, "metrics.openmetrics.txt");
    }

    @Test
    void past_the_cap_series_are_summed_into_an_overflow_series_with_one_warning() throws IOException {
        List<String> warnings = new ArrayList<>();
        PrometheusRegistry registry = fixture(warnings, 3);
        String text = write(registry, PrometheusTextFormatWriter.create());
        write(registry, PrometheusTextFormatWriter.create());
        // 7 request series: the first two stay, the other five (1 + 2 + 1 + 1 + 1 = 6 requests) become one
        assertThat(text).contains("loadgen_requests_total{endpoint=\"_overflow_\",method=\"_overflow_\",outcome=\"_overflow_\","
                + "service=\"_overflow_\",status=\"_overflow_\"} 6.0");
        assertThat(text.lines().filter(l -> l.startsWith("loadgen_requests_total{")).count()).isEqualTo(3);
        // three metrics overflow; each warns once, however often it is scraped
        assertThat(warnings).containsExactly(
                "loadgen_requests_total has more than 3 series; the rest are summed into one labelled _overflow_ "
                        + "(name endpoints by route templates, not raw URLs)",
                "loadgen_ws_messages_total has more than 3 series; the rest are summed into one labelled _overflow_ "
                        + "(name endpoints by route templates, not raw URLs)",
                "loadgen_chaos_reactions_total has more than 3 series; the rest are summed into one labelled _overflow_ "
                        + "(name endpoints by route templates, not raw URLs)");
    }

    @Test
    void classic_buckets_hold_each_latency_once_and_the_sum_is_within_hdr_precision() {
        ClassicHistogram h = new ClassicHistogram(ClassicHistogram.LATENCY_SECONDS);
        org.HdrHistogram.Histogram micros = new org.HdrHistogram.Histogram(3);
        micros.recordValue(1_000);      // exactly 1 ms: in the le="0.001" bucket
        micros.recordValue(1_001);
        micros.recordValue(40_000_000); // 40 s: +Inf
        h.add(micros);
        long[] c = h.counts();
        assertThat(c[0]).isEqualTo(1);
        assertThat(c[1]).isEqualTo(1);
        assertThat(c[c.length - 1]).isEqualTo(1);
        assertThat(java.util.Arrays.stream(c).sum()).isEqualTo(3);
        assertThat(h.sum()).isCloseTo(40.002001, org.assertj.core.data.Offset.offset(40.0 * 0.001));
        assertThat(ClassicHistogram.bucket(ClassicHistogram.THINK_SECONDS, 0.0)).isZero();
    }
}
