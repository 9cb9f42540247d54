package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --abort-on-fail} as a user meets it: a run against a target that answers every request with 500
 * ends soon after the grace period, not after its duration, with its results written and exit code 1; a
 * healthy run goes its full course; and a flag that cannot act stops loadgen before anything is sent.
 */
class AbortOnFailIT {
    @TempDir
    Path dir;

    private HttpServer target;
    private final AtomicLong served = new AtomicLong();

    private record Result(int code, String out, String err, double wallSeconds) {}

    @BeforeEach
    void startTarget() throws IOException {
        target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        target.createContext("/fail", ex -> {
            served.incrementAndGet();
            ex.sendResponseHeaders(500, -1);
            ex.close();
        });
        target.createContext("/ok", ex -> {
            served.incrementAndGet();
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        target.start();
    }

    @AfterEach
    void stopTarget() {
        target.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + target.getAddress().getPort() + path;
    }

    private Result loadgen(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--quiet", "--metrics-port", "0", "--dashboard-port", "0"));
        Main main = new Main();
        new CommandLine(main).parseArgs(all.toArray(String[]::new));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        int code = new Runner(RunRequest.from(main), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run();
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), (System.nanoTime() - t0) / 1e9);
    }

    @Test
    void a_run_that_fails_every_request_stops_within_the_grace_period_plus_two_seconds_and_exits_1() throws Exception {
        Path results = dir.resolve("aborted");
        Result r = loadgen("--url", url("/fail"), "--users", "2", "--think", "50ms", "--duration", "60s",
                "--threshold", "p99 < 10s", "--threshold", "errors.rate < 1%", "--abort-on-fail", "--out", results.toString());

        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.THRESHOLD_FAILED);
        JsonNode s = new ObjectMapper().readTree(results.resolve("summary.json").toFile());
        // from the start of the load until the last user left: the default grace of 10 s, plus at most 2 s (the grace is
        // counted in intervals, which start a few milliseconds after this duration does)
        double stoppedAfter = s.path("durationSeconds").asDouble();
        System.out.printf("aborted run: load stopped after %.3f s (summary.json durationSeconds); loadgen returned after %.3f s%n",
                stoppedAfter, r.wallSeconds());
        assertThat(stoppedAfter).isBetween(10.0, 12.0);
        assertThat(s.path("stopReason").asText()).isEqualTo("aborted");
        assertThat(s.path("totals").path("httpErrors").asLong()).isEqualTo(s.path("totals").path("requests").asLong()).isPositive();
        JsonNode latency = s.path("thresholds").get(0);
        JsonNode errors = s.path("thresholds").get(1);
        assertThat(latency.path("ok").asBoolean()).isTrue();
        assertThat(latency.has("abortedRun")).isFalse();
        assertThat(errors.path("expression").asText()).isEqualTo("errors.rate < 1%");
        assertThat(errors.path("ok").asBoolean()).isFalse();
        assertThat(errors.path("value").asDouble()).isEqualTo(1.0);
        assertThat(errors.path("abortedRun").asBoolean()).isTrue();
        assertThat(results.resolve("report.html")).isNotEmptyFile();
        assertThat(r.err().lines().filter(l -> l.contains("aborting the run")).toList()).singleElement().asString()
                .matches("loadgen: aborting the run: threshold 'errors\\.rate < 1%' fails at 1[01]s with 100\\.00% so far "
                        + "\\(abort-on-fail\\); users finish their current action");
        assertThat(r.out()).contains("FAILED  errors.rate < 1%  (100.00%)  aborted the run");
        // well short of the 60 s asked for, startup and the report included
        assertThat(r.wallSeconds()).isLessThan(30);
    }

    @Test
    void a_run_whose_thresholds_hold_runs_its_full_course() throws Exception {
        Path results = dir.resolve("held");
        Result r = loadgen("--url", url("/ok"), "--users", "2", "--think", "100ms", "--duration", "3s",
                "--threshold", "errors.rate < 1%", "--abort-on-fail", "--abort-grace", "1s", "--out", results.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
        JsonNode s = new ObjectMapper().readTree(results.resolve("summary.json").toFile());
        assertThat(s.path("stopReason").asText()).isEqualTo("completed");
        assertThat(s.path("durationSeconds").asDouble()).isGreaterThanOrEqualTo(3.0);
        assertThat(s.path("thresholds").get(0).has("abortedRun")).isFalse();
        assertThat(r.err()).doesNotContain("aborting the run");
    }

    @Test
    void a_flag_that_cannot_act_is_one_line_and_exit_2_with_nothing_sent() throws Exception {
        Path results = dir.resolve("never");
        Result undecidable = loadgen("--url", url("/fail"), "--duration", "60s", "--threshold", "count > 10", "--abort-on-fail",
                "--out", results.toString());
        assertThat(undecidable.code()).isEqualTo(ExitCodes.BAD_USAGE);
        assertThat(undecidable.err().lines().toList()).singleElement().isEqualTo("loadgen: --abort-on-fail: abort-on-fail: none of the "
                + "thresholds can fail before the end ('count > 10' can still pass until the last request); leave abort-on-fail out");
        Result badGrace = loadgen("--url", url("/fail"), "--threshold", "p95 < 1s", "--abort-on-fail", "--abort-grace", "soon",
                "--out", results.toString());
        assertThat(badGrace.code()).isEqualTo(ExitCodes.BAD_USAGE);
        assertThat(badGrace.err().lines().toList()).singleElement()
                .isEqualTo("loadgen: --abort-grace: abort-grace: 'soon' is not a duration; write it like 30s, 5m, 1h30m or 250ms");
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "thresholds:\n  - {threshold: 'errors.rate < 1%', abort-on-fail: true, grace: 10s}\n");
        Result unknownKey = loadgen("--url", url("/fail"), "--config", config.toString(), "--out", results.toString());
        assertThat(unknownKey.code()).isEqualTo(ExitCodes.BAD_USAGE);
        assertThat(unknownKey.err().lines().toList()).singleElement()
                .isEqualTo("loadgen: " + config + ":2:58: unknown key 'thresholds.0.grace'; known keys here: threshold, abort-on-fail, abort-grace");
        assertThat(served.get()).as("requests the target got").isZero();
        assertThat(results).doesNotExist();
    }
}
