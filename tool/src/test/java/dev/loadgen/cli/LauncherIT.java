package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code ./loadgen} launcher, as a user runs it: exit codes, the summary table, summary.json. */
class LauncherIT {
    private static final Path ROOT = Path.of(System.getProperty("loadgen.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    private Result loadgen(long timeoutSeconds, String... args) throws IOException, InterruptedException {
        return loadgen(timeoutSeconds, java.util.Map.of(), args);
    }

    private Result loadgen(long timeoutSeconds, java.util.Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ROOT.resolve("loadgen").toString());
        cmd.addAll(List.of(args));
        Path out = dir.resolve("stdout-" + System.nanoTime());
        Path err = dir.resolve("stderr-" + System.nanoTime());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("loadgen did not end within " + timeoutSeconds + " s: " + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void a_ten_second_run_against_the_built_in_demo_prints_the_table_and_writes_summary_json() throws Exception {
        Path results = dir.resolve("run");
        Result r = loadgen(90, "--users", "5", "--duration", "10s", "--seed", "7", "--think", "200ms", "--out", results.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("running against the built-in demo app");
        assertThat(r.out()).contains("service  endpoint").contains("POST /auth/register").contains("GET /feed").contains("total");
        JsonNode s = new ObjectMapper().readTree(results.resolve("summary.json").toFile());
        assertThat(s.path("model").asText()).isEqualTo("closed");
        assertThat(s.path("seed").asLong()).isEqualTo(7);
        assertThat(s.path("durationSeconds").asDouble()).isBetween(10.0, 45.0);
        long sum = 0;
        for (JsonNode e : s.path("endpoints")) {
            sum += e.path("count").asLong();
        }
        // about 200 on an idle machine; 48 seen with a load average of 11 on 2 cores. More than the 10
        // sign-ups and logins shows that the users went on to browse.
        assertThat(s.path("totals").path("requests").asLong()).isEqualTo(sum).isGreaterThan(20);
        assertThat(s.path("users").path("started").asLong()).isEqualTo(5);
        assertThat(results.resolve("latency.hlog")).isNotEmptyFile();
        assertThat(r.err()).containsPattern("loadgen: dashboard on http://127\\.0\\.0\\.1:\\d+/");
        assertThat(results.resolve("timeline.jsonl")).isNotEmptyFile();
        assertThat(results.resolve("config.json")).isNotEmptyFile();
        assertThat(r.out()).contains("report: " + results.resolve("report.html"));

        // the report comes back from the results folder alone
        String first = Files.readString(results.resolve("report.html"));
        Files.delete(results.resolve("report.html"));
        Result again = loadgen(60, "report", results.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(Files.readString(results.resolve("report.html"))).isEqualTo(first);
    }

    /**
     * The heap's ceiling is half the memory the JVM sees (here told it has 1 GB, as a container's limit would), and a
     * run whose users need more is warned before the load: 20,000 users at most (open model) need about 689 MB.
     */
    @Test
    void the_launcher_gives_the_heap_half_the_memory_and_users_that_will_not_fit_are_warned_about_at_the_start() throws Exception {
        try (CountingTarget target = new CountingTarget()) {
            Result r = loadgen(60, java.util.Map.of("LOADGEN_JAVA_OPTS", "-XX:MaxRAM=1g"), "--url", target.url(), "--rate", "2/s",
                    "--max-users", "20000", "--duration", "1s", "--self-warm", "0", "--quiet", "--dashboard-port", "0", "--metrics-port", "0",
                    "--out", dir.resolve("warned").toString());
            assertThat(r.code()).as(r.err()).isZero();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                    "loadgen: warning: 20,000 users need about 689 MiB of heap \\(32 KiB each, measured\\), over loadgen's ceiling of ([\\d.]+) MiB; "
                            + "give it more").matcher(r.err());
            assertThat(m.find()).as(r.err()).isTrue();
            // half of 1 GB, less the survivor space the JVM does not count (the JVM's own default is a quarter)
            assertThat(Double.parseDouble(m.group(1))).isBetween(450.0, 512.0);
        }
    }

    /**
     * Bodies nothing reads are dropped as they come: 16 users fetching 8 MiB bodies with no pause get every status
     * in a 64 MB heap, where keeping the bodies in flight would take twice that.
     */
    @Test
    void large_bodies_that_nothing_reads_keep_their_status_in_a_small_heap() throws Exception {
        try (CountingTarget target = new CountingTarget(8 * 1024 * 1024)) {
            Path results = dir.resolve("large");
            Result r = loadgen(90, java.util.Map.of("LOADGEN_JAVA_OPTS", "-Xmx64m -Xmn16m"), "--url", target.url(), "--users", "16",
                    "--think", "0", "--duration", "4s", "--self-warm", "0", "--quiet", "--dashboard-port", "0", "--metrics-port", "0",
                    "--out", results.toString());
            assertThat(r.code()).as(r.err()).isZero();
            JsonNode s = new ObjectMapper().readTree(results.resolve("summary.json").toFile());
            long requests = s.path("totals").path("requests").asLong();
            assertThat(requests).isPositive();
            assertThat(s.path("totals").path("ok").asLong()).isEqualTo(requests);
            assertThat(s.path("endpoints").get(0).path("byStatus").path("200").asLong()).isEqualTo(requests);
            assertThat(s.path("totals").path("bodyBytes").asLong()).isEqualTo(requests * 8 * 1024 * 1024);
        }
    }

    @Test
    void a_dashboard_that_would_be_exposed_or_cannot_have_its_port_stops_loadgen_before_anything_runs() throws Exception {
        Path results = dir.resolve("never");
        Result exposed = loadgen(60, "--dashboard-bind", "0.0.0.0", "--out", results.toString());
        assertThat(exposed.code()).isEqualTo(2);
        assertThat(exposed.err().strip()).startsWith("loadgen: --dashboard-bind: dashboard.bind 0.0.0.0 is not a loopback address")
                .doesNotContain("\n");
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Result busy = loadgen(60, "--dashboard-port", Integer.toString(taken.getLocalPort()), "--out", results.toString());
            assertThat(busy.code()).isEqualTo(2);
            assertThat(busy.err().strip()).startsWith("loadgen: dashboard: cannot listen on 127.0.0.1:" + taken.getLocalPort() + " (")
                    .doesNotContain("\n");
        }
        assertThat(results).doesNotExist();
    }

    @Test
    void a_bad_flag_value_is_one_line_and_exit_code_2() throws Exception {
        Result r = loadgen(60, "--duration", "30x");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo(
                "loadgen: --duration: load.duration: '30x' is not a duration; write it like 30s, 5m, 1h30m or 250ms");
        Result users = loadgen(60, "--users", "-1");
        assertThat(users.code()).isEqualTo(2);
        assertThat(users.err().strip()).isEqualTo("loadgen: --users: load.users must be at least 1, got -1");
        Result ramp = loadgen(60, "--ramp", "fast");
        assertThat(ramp.err().strip()).isEqualTo("loadgen: --ramp: load.ramp: 'fast' is not a rate; write it like 20/s or 1200/m");
        Result unknown = loadgen(60, "--userz", "5");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err().strip().lines()).hasSize(1);
    }

    @Test
    void a_config_error_names_file_line_and_column() throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "load:\n  users: 5\n  duraton: 1m\n");
        Result r = loadgen(60, "--config", config.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("loadgen: " + config + ":3:3: unknown key 'load.duraton' (did you mean 'load.duration'?)");
    }

    @Test
    void an_unreachable_target_aborts_with_exit_code_3_before_anything_starts() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path results = dir.resolve("none");
        Result r = loadgen(60, "--url", "http://127.0.0.1:" + port + "/", "--duration", "5s", "--out", results.toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err().strip()).startsWith("loadgen: target url at http://127.0.0.1:" + port + "/ is unreachable (");
        assertThat(results).doesNotExist();
    }

    @Test
    void a_failed_threshold_gives_exit_code_1_and_says_which() throws Exception {
        Path results = dir.resolve("thr");
        Result r = loadgen(90, "--users", "2", "--duration", "3s", "--threshold", "rps > 100000", "--out", results.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("FAILED  rps > 100000");
        JsonNode s = new ObjectMapper().readTree(results.resolve("summary.json").toFile());
        assertThat(s.path("thresholds").get(0).path("ok").asBoolean()).isFalse();
    }

    @Test
    void the_open_model_drops_arrivals_over_max_users_and_says_so_once() throws Exception {
        Path results = dir.resolve("open");
        Result r = loadgen(90, "--rate", "20/s", "--duration", "4s", "--max-users", "3", "--seed", "3", "--out", results.toString(), "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).containsOnlyOnce("max-users reached");
        JsonNode s = new ObjectMapper().readTree(results.resolve("summary.json").toFile());
        assertThat(s.path("model").asText()).isEqualTo("open");
        long started = s.path("users").path("started").asLong();
        long dropped = s.path("sessions").path("dropped").asLong();
        assertThat(dropped).isPositive();
        assertThat(s.path("users").path("peak").asLong()).isLessThanOrEqualTo(3);
        // 4 s at 20/s (Poisson, seeded): every arrival is either started or dropped
        assertThat(started + dropped).isBetween(60L, 100L);
    }

    @Test
    void ctrl_c_stops_gracefully_writes_results_and_exits_130() throws Exception {
        Path results = dir.resolve("int");
        List<String> cmd = List.of(ROOT.resolve("loadgen").toString(), "--users", "3", "--duration", "2m", "--think", "100ms",
                "--out", results.toString(), "--quiet");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("int.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(results.resolve("latency.hlog")) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Thread.sleep(3000);
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("int.log"))).isEqualTo(130);
        JsonNode s = new ObjectMapper().readTree(results.resolve("summary.json").toFile());
        assertThat(s.path("stopReason").asText()).isEqualTo("stopped");
        assertThat(s.path("durationSeconds").asDouble()).isLessThan(60);
        assertThat(s.path("totals").path("requests").asLong()).isPositive();
    }
}
