package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgen.protocol.TimedTarget;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs against an HTTPS target (a self-signed certificate made in the test, reached with insecure-skip-verify) whose users'
 * connections close between requests, and an HTTP one whose users keep theirs: summary.json, the console and report.html
 * show the connections each endpoint's requests opened, with their connect and TLS handshake times.
 */
@Timeout(180)
class ConnectionTimingIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private record Run(int code, String console, JsonNode summary) {}

    private Run loadgen(Path out, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--self-warm", "0", "--quiet", "--metrics-port", "0", "--out", out.toString()));
        Main m = new Main();
        new CommandLine(m).parseArgs(all.toArray(String[]::new));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(console, true, StandardCharsets.UTF_8);
        int code = new Runner(RunRequest.from(m), p, p).run();
        return new Run(code, console.toString(StandardCharsets.UTF_8), JSON.readTree(out.resolve("summary.json").toFile()));
    }

    @Test
    void users_whose_connections_idle_out_between_requests_handshake_again_for_every_request() throws Exception {
        Path out = dir.resolve("https");
        try (TimedTarget target = TimedTarget.https()) {
            // a connection idle for 100 ms is closed; a user thinks 1 s between requests (ten times that: Jetty's idle check may come
            // late on a busy machine), so each of its requests opens one
            Run r = loadgen(out, "--url", target.base() + "/", "--users", "3", "--think", "1s", "--duration", "5s",
                    "--set", "target.tls.insecure-skip-verify=true", "--set", "target.idle-timeout=100ms");
            assertThat(r.code()).as(r.console()).isZero();
            JsonNode e = r.summary().path("endpoints").get(0);
            long count = e.path("count").asLong();
            JsonNode c = e.path("connections");
            assertThat(count).as(r.console()).isGreaterThanOrEqualTo(9);
            assertThat(e.path("byOutcome").path("ok").asLong()).isEqualTo(count);
            // every request opened its connection; the target saw them all (and loadgen's reachability check before the run)
            assertThat(c.path("opened").asLong()).as(c.toString()).isEqualTo(count);
            assertThat(c.path("tlsHandshakes").asLong()).isEqualTo(count);
            assertThat(target.accepted()).isGreaterThanOrEqualTo(count);
            assertThat(c.path("connectMs").path("p50").asDouble()).isPositive();
            assertThat(c.path("tlsMs").path("p50").asDouble()).isPositive();
            assertThat(c.path("tlsMs").path("max").asDouble()).isGreaterThanOrEqualTo(c.path("tlsMs").path("p99").asDouble());
            // a handshake is part of its request's time
            assertThat(e.path("serviceTimeMs").path("max").asDouble()).isGreaterThanOrEqualTo(c.path("tlsMs").path("p50").asDouble());
            assertThat(r.summary().path("connections").path("opened").asLong()).isEqualTo(count);
            assertThat(r.console()).contains(String.format(Locale.ROOT, "connections: %d opened for %d requests (100.0%%)", count, count))
                    .contains("TLS " + count + " handshakes");
            assertThat(Files.readString(out.resolve("connections.hlog"))).contains("Tag=connect/http/GET_/,").contains("Tag=tls/http/GET_/,");
            report(out, count, count, true);
        }
    }

    @Test
    void users_that_keep_their_connections_open_one_each_over_plain_http() throws Exception {
        Path out = dir.resolve("http");
        try (TimedTarget target = TimedTarget.http()) {
            Run r = loadgen(out, "--url", target.base() + "/", "--users", "3", "--think", "50ms", "--duration", "2s");
            assertThat(r.code()).as(r.console()).isZero();
            JsonNode e = r.summary().path("endpoints").get(0);
            JsonNode c = e.path("connections");
            long users = r.summary().path("users").path("started").asLong();
            assertThat(users).isEqualTo(3);
            assertThat(e.path("count").asLong()).isGreaterThan(3 * users);
            assertThat(c.path("opened").asLong()).as(c.toString()).isEqualTo(users);
            assertThat(c.path("connectMs").path("p50").asDouble()).isPositive();
            assertThat(c.path("tlsHandshakes").asLong()).isZero();
            assertThat(c.path("tlsMs").path("max").asDouble()).isZero();
            assertThat(r.console()).contains("connections: 3 opened for").doesNotContain("handshakes");
            report(out, 3, e.path("count").asLong(), false);
        }
    }

    /** The report's Connections table, drawn by a headless Chromium: the endpoint's row with its figures. */
    private static void report(Path out, long opened, long requests, boolean tls) throws Exception {
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("<h2>Connections</h2>").contains("\"tlsHandshakes\":" + (tls ? opened : 0));
        try (Browser b = Browser.start()) {
            b.open(out.resolve("report.html").toUri().toString());
            b.await(Duration.ofSeconds(10), "the connections table", d -> !b.all("#connections tbody tr td").isEmpty());
            List<String> cells = b.all("#connections tbody tr td").stream().map(w -> w.getText()).toList();
            assertThat(cells).hasSize(12);
            assertThat(cells.subList(0, 4)).containsExactly("http", "GET /", Long.toString(opened),
                    String.format(Locale.ROOT, "%.2f%%", 100.0 * opened / requests));
            assertThat(cells.get(4)).matches("\\d+\\.\\dms");
            assertThat(cells.get(7)).isEqualTo(tls ? Long.toString(opened) : "0");
            assertThat(cells.get(8)).matches(tls ? "\\d+(\\.\\d)?ms" : "-");
            assertThat(b.consoleErrors()).isEmpty();
        }
    }
}
