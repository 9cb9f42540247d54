package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * loadgen out of memory in the middle of a load: the load stops, the results gathered so far are written, marked
 * {@code "aborted": "internal error"}, and the exit code is 70, never 1 (a failed threshold) nor a silent death.
 */
class InternalFailureIT {
    private static final Path ROOT = Path.of(System.getProperty("loadgen.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void a_user_out_of_memory_stops_the_load_writes_the_results_so_far_and_exits_70() throws Exception {
        try (CountingTarget target = new CountingTarget()) {
            Path out = dir.resolve("run");
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            Main m = new Main();
            // the test plug-in (OutOfMemoryPlugin) throws OutOfMemoryError on its 40th call
            new CommandLine(m).parseArgs("--set", "target.named.oom=" + target.url(), "--set", "scenario=none", "--set", "users.account=none",
                    "--set", "users.actions={oom.fetch: 1}", "--users", "4", "--think", "0", "--duration", "30s", "--self-warm", "0",
                    "--quiet", "--metrics-port", "0", "--dashboard-port", "0", "--out", out.toString());
            long t0 = System.nanoTime();
            int code = new Runner(RunRequest.from(m), new PrintStream(stdout, true, StandardCharsets.UTF_8),
                    new PrintStream(stderr, true, StandardCharsets.UTF_8)).run();
            String err = stderr.toString(StandardCharsets.UTF_8);
            assertThat(code).as(err).isEqualTo(70);
            assertThat((System.nanoTime() - t0) / 1e9).as("the load stops at once, not after its 30 s").isLessThan(20);
            assertThat(err).contains("loadgen: internal error: out of memory (Java heap space, thrown by a test plug-in, heap ceiling ")
                    .contains("in simulated user ").contains("Give loadgen more memory");
            JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
            assertThat(s.path("aborted").asText()).isEqualTo("internal error");
            assertThat(s.path("stopReason").asText()).isEqualTo("aborted");
            // every call before the failing one was sent and counted (users cut off in flight may add one each)
            assertThat(s.path("totals").path("requests").asLong()).isGreaterThanOrEqualTo(OutOfMemoryPlugin.FAIL_AT - 1);
            assertThat(out.resolve("report.html")).isNotEmptyFile();
            assertThat(out.resolve("junit.xml")).isNotEmptyFile();
            assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("aborted (internal error)");
        }
    }

    /**
     * The real thing, in a JVM of its own through the launcher: a heap of 96 MB, and 16 users each keeping an 8 MiB body
     * for a check (the cap raised to 64 MiB), which cannot all fit.
     */
    @Test
    void a_real_out_of_memory_through_the_launcher_writes_the_results_and_exits_70() throws Exception {
        try (CountingTarget target = new CountingTarget(8 * 1024 * 1024)) {
            Path config = dir.resolve("big.yaml");
            Files.writeString(config, """
                    scenario: none
                    target: {named: {big: "%s"}, max-response-body: 64MiB}
                    users: {account: none, actions: {fetch: 1}}
                    actions:
                      fetch:
                        - request: GET big /
                          check: [{body-contains: "x"}]
                    """.formatted(target.url().replaceAll("/$", "")));
            Path out = dir.resolve("oom");
            ProcessBuilder pb = new ProcessBuilder(List.of(ROOT.resolve("loadgen").toString(), "--config", config.toString(), "--users", "16",
                    "--ramp-time", "0s", "--think", "0", "--duration", "30s", "--self-warm", "0", "--quiet", "--metrics-port", "0",
                    "--dashboard-port", "0", "--out", out.toString()))
                    .directory(dir.toFile()).redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile());
            pb.environment().put("LOADGEN_JAVA_OPTS", "-Xmx96m");
            Process p = pb.start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("loadgen did not end within 90 s: " + Files.readString(dir.resolve("stderr")));
            }
            String err = Files.readString(dir.resolve("stderr"));
            assertThat(p.exitValue()).as(err).isEqualTo(70);
            assertThat(err).contains("loadgen: internal error: out of memory");
            JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
            assertThat(s.path("aborted").asText()).isEqualTo("internal error");
            assertThat(s.path("totals").path("requests").asLong()).isPositive();
        }
    }
}
