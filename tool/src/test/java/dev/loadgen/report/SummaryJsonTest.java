package dev.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgen.config.LoadProfile;
import dev.loadgen.config.Origin;
import dev.loadgen.config.Segment;
import dev.loadgen.config.Threshold;
import dev.loadgen.engine.EngineResult;
import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.metrics.IntervalCollector;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.Outcome;
import dev.loadgen.metrics.RequestSample;
import dev.loadgen.metrics.ThresholdCheck;
import dev.loadgen.metrics.WsCounters;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** summary.json is a contract that CI pipelines parse: its text for fixed samples is pinned by a golden file. */
class SummaryJsonTest {
    private static final long MS = 1_000_000;

    static Summary fixture() {
        Metrics metrics = new Metrics();
        WsCounters ws = new WsCounters();
        EndpointMeter read = metrics.endpoint("posts", "GET /posts/{id}", "GET");
        EndpointMeter login = metrics.endpoint("auth", "POST /auth/login", "POST");
        metrics.endpoint("auth", "POST /auth/logout", "POST");
        for (int i = 1; i <= 100; i++) {
            // intended start 2 ms before the send for every tenth request: latency > service time there
            long intended = i % 10 == 0 ? 1_000 * MS - 2 * MS : 1_000 * MS;
            metrics.record(new RequestSample(read, i <= 98 ? 200 : 503, i <= 98 ? Outcome.OK : Outcome.HTTP_ERROR,
                    intended, 1_000 * MS, 1_000 * MS + i * MS));
        }
        metrics.record(new RequestSample(login, 200, Outcome.OK, 0, 0, 40 * MS));
        metrics.record(new RequestSample(login, 0, Outcome.TIMEOUT, 0, 0, 10_000 * MS));
        metrics.users().userStarted("default");
        metrics.users().userStarted("default");
        metrics.users().userEnded("default");
        metrics.users().sessionCompleted("default");
        metrics.users().sessionAbandoned("default");
        ws.opened();
        ws.sent("message");
        ws.received("message");
        ws.echoDelivered(3 * MS);
        ws.peerDelivered(5 * MS);
        ws.peerDelivered(7 * MS);
        ws.settled(3, 1);
        IntervalCollector c = new IntervalCollector(metrics, ws, Duration.ofSeconds(1), System.nanoTime());
        c.finish();
        List<Threshold> thresholds = List.of(Threshold.parse("posts.p95 < 100ms", Origin.DEFAULTS),
                Threshold.parse("errors.rate < 1%", Origin.DEFAULTS));
        LoadProfile.Closed load = new LoadProfile.Closed(List.of(new LoadProfile.Stage(Duration.ofSeconds(10), 2)),
                Duration.ofSeconds(30), Segment.WHOLE);
        RunInfo info = new RunInfo("0.1.0", Instant.parse("2026-11-29T10:00:00Z"), load, 42, "built-in demo");
        EngineResult engine = new EngineResult(10_000 * MS, 10_500 * MS, EngineResult.StopReason.COMPLETED, 2, 2, 0, 0);
        return Summary.of(info, 10.0, engine, c.totals(), metrics.users(), ws,
                ThresholdCheck.evaluate(thresholds, c.totals(), 10.0));
    }

    @Test
    void summary_json_matches_the_golden_file() throws IOException {
        String expected;
        try (InputStream in = getClass().getResourceAsStream("/golden/summary.json")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(SummaryJson.render(fixture()) + "\n").isEqualTo(expected);
    }

    @Test
    void the_contract_fields_of_design_section_1_are_all_there() throws IOException {
        JsonNode n = new ObjectMapper().readTree(SummaryJson.render(fixture()));
        assertThat(n.fieldNames()).toIterable().contains("loadgen", "startedAt", "durationSeconds", "model", "seed", "totals",
                "endpoints", "users", "sessions", "ws", "chaos", "thresholds");
        assertThat(n.path("totals").fieldNames()).toIterable().containsExactly("requests", "ok", "httpErrors", "timeouts",
                "connectErrors", "chaos", "interrupted");
        JsonNode e = n.path("endpoints").get(0);
        assertThat(e.fieldNames()).toIterable().contains("service", "endpoint", "count", "byStatus", "byOutcome", "latencyMs");
        assertThat(e.path("latencyMs").fieldNames()).toIterable().containsExactly("mean", "p50", "p90", "p95", "p99", "max");
        assertThat(n.path("thresholds").get(0).fieldNames()).toIterable().containsExactly("expression", "ok", "value");
    }

    @Test
    void the_console_table_shows_the_same_figures() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ConsoleSummary.print(fixture(), new PrintStream(b, true, StandardCharsets.UTF_8));
        String text = b.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("GET /posts/{id}").contains("100").contains("errors: http_error 2, timeout 1")
                .contains("FAILED  errors.rate < 1%  (2.94%)").contains("ok      posts.p95 < 100ms  (95.0ms)")
                .doesNotContain("POST /auth/logout");
    }
}
