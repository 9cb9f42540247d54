package dev.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgen.metrics.ConnectionSample;
import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.metrics.HttpProtocol;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.Outcome;
import dev.loadgen.metrics.RequestSample;
import dev.loadgen.metrics.WsCounters;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
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
            // the reads over HTTP/2 (negotiated by ALPN), the logins over HTTP/1.1 below
            read.answeredOver(HttpProtocol.H2);
        }
        // its body counted (the reads' were not, as a fixture of before bodies were): 512 bytes decoded from 128 on the wire
        metrics.record(new RequestSample(login, 200, Outcome.OK, 0, 0, 40 * MS, "", "", 512, 128));
        login.answeredOver(HttpProtocol.HTTP_1_1);
        for (int i = 0; i < 98; i++) {
            read.check("json $.id").passed();
        }
        read.check("capture body").failed();
        metrics.skips().skipped("posts.read step 3: ${body} is not set");
        metrics.record(new RequestSample(login, 0, Outcome.TIMEOUT, 0, 0, 10_000 * MS));
        // one login answered 200 whose check found no token, and one whose connection broke before the answer
        login.check("json $.token").passed();
        login.check("json $.token").failed();
        metrics.record(new RequestSample(login, 200, Outcome.CHECK_FAILED, 0, 0, 30 * MS));
        login.answeredOver(HttpProtocol.HTTP_1_1);
        metrics.record(new RequestSample(login, 0, Outcome.RESET, 0, 0, 5 * MS));
        // the reads opened two connections over TLS, the logins one over plain HTTP
        metrics.opened(new ConnectionSample(read, 300_000, OptionalLong.of(4 * MS)));
        metrics.opened(new ConnectionSample(read, 1_200_000, OptionalLong.of(30 * MS)));
        metrics.opened(new ConnectionSample(login, 600_000, OptionalLong.empty()));
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
        return RecordedRuns.summary(metrics, ws, List.of("posts.p95 < 100ms", "errors.rate < 1%"));
    }

    @Test
    void summary_json_matches_the_golden_file() throws IOException {
        String expected;
        try (InputStream in = getClass().getResourceAsStream("/golden/summary.json")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String actual = SummaryJson.render(fixture()) + "\n";
        if (!actual.equals(expected)) {
            // beside the golden file's copy in target/, for a diff when the contract changes on purpose
            Files.writeString(Path.of("target/summary.actual.json"), actual);
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void the_contract_fields_of_design_section_1_are_all_there() throws IOException {
        JsonNode n = new ObjectMapper().readTree(SummaryJson.render(fixture()));
        assertThat(n.fieldNames()).toIterable().contains("loadgen", "startedAt", "durationSeconds", "model", "seed", "totals",
                "endpoints", "users", "sessions", "ws", "checks", "skipped", "chaos", "thresholds");
        assertThat(n.path("totals").fieldNames()).toIterable().containsExactly("requests", "ok", "httpErrors", "timeouts",
                "connectErrors", "tlsErrors", "resets", "chaos", "interrupted", "checkFailures", "bodyTooLarge", "organicErrors", "bodyBytes",
                "bodyWireBytes");
        JsonNode e = n.path("endpoints").get(0);
        assertThat(e.fieldNames()).toIterable().contains("service", "endpoint", "count", "byStatus", "byOutcome", "latencyMs");
        assertThat(e.path("latencyMs").fieldNames()).toIterable().containsExactly("mean", "p50", "p90", "p95", "p99", "max");
        assertThat(n.path("thresholds").get(0).fieldNames()).toIterable().containsExactly("expression", "ok", "value");
        JsonNode plain = n.path("endpoints").get(1).path("connections");
        for (JsonNode c : List.of(n.path("connections"), e.path("connections"), plain)) {
            assertThat(c.fieldNames()).toIterable().containsExactly("opened", "connectMs", "tlsHandshakes", "tlsMs");
            assertThat(c.path("connectMs").fieldNames()).toIterable().containsExactly("p50", "p95", "p99", "max");
            assertThat(c.path("tlsMs").fieldNames()).toIterable().containsExactly("p50", "p95", "p99", "max");
        }
        // a connection over plain HTTP: its endpoint has the TLS fields all the same, with zeros
        assertThat(plain.path("opened").asLong()).isEqualTo(1);
        assertThat(plain.path("tlsHandshakes").asLong()).isZero();
        assertThat(plain.path("tlsMs").path("max").asDouble()).isZero();
    }

    @Test
    void the_console_table_shows_the_same_figures() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ConsoleSummary.print(fixture(), new PrintStream(b, true, StandardCharsets.UTF_8));
        String text = b.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("GET /posts/{id}").contains("100").contains("errors: http_error 2, check_failed 1, timeout 1, reset 1")
                .contains("FAILED  errors.rate < 1%  (4.81%)").contains("ok      posts.p95 < 100ms  (95.0ms)")
                .contains("protocols: posts h2; auth HTTP/1.1\n")
                .contains("connections: 3 opened for 104 requests (2.9%); connect p50 0.6ms, p95 1.2ms; TLS 2 handshakes, p50 4.0ms, p95 30.0ms")
                .doesNotContain("POST /auth/logout");
    }
}
