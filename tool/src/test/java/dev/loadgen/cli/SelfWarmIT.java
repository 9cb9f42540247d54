package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * loadgen's warm-up of its own code: it runs before the clock, against a sink of its own, so the target receives
 * exactly the requests the results count and no folder of the warm-up is left behind.
 */
class SelfWarmIT {
    @TempDir
    Path dir;

    @Test
    void the_warm_up_sends_nothing_to_the_target_and_leaves_nothing_behind() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before = warmFolders(tmp);
        try (CountingTarget target = new CountingTarget()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            long t0 = System.nanoTime();
            Main m = new Main();
            new CommandLine(m).parseArgs("--url", target.url(), "--users", "4", "--think", "200ms",
                            "--duration", "2s", "--self-warm", "1500ms", "--quiet", "--metrics-port", "0", "--dashboard-port", "0",
                            "--out", dir.resolve("run").toString());
            int code = new Runner(RunRequest.from(m), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8)).run();
            double seconds = (System.nanoTime() - t0) / 1e9;
            String console = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
            assertThat(code).as(console).isZero();
            long counted = new ObjectMapper().readTree(dir.resolve("run/summary.json").toFile()).path("totals").path("requests").asLong();
            assertThat(counted).isPositive();
            assertThat(target.received()).as(console).isEqualTo(counted);
            // the warm-up took its time before the run's (2 s of load, 1.5 s of warm-up)
            assertThat(seconds).isGreaterThan(3.4);
            assertThat(console).contains("4 users (closed model) for 2s, started over 200ms").doesNotContain("warm-up failed");
            assertThat(warmFolders(tmp)).isEqualTo(before);
        }
    }

    @Test
    void a_start_that_fails_ends_the_warm_up_at_once_and_it_leaves_nothing_behind() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before = warmFolders(tmp);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        Main m = new Main();
        new CommandLine(m).parseArgs("--url", "http://127.0.0.1:1/", "--self-warm", "30s", "--quiet", "--metrics-port", "0",
                "--dashboard-port", "0", "--out", dir.resolve("run").toString());
        int code = new Runner(RunRequest.from(m), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run();
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(code).isEqualTo(ExitCodes.ABORTED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is unreachable").doesNotContain("warm-up failed");
        // not the 30 s of the warm-up asked for
        assertThat(seconds).isLessThan(10);
        // a warm-up cut before its load began ends on its own, at its next step
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (warmFolders(tmp) != before && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(warmFolders(tmp)).isEqualTo(before);
    }

    private static long warmFolders(Path tmp) throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("loadgen-self-warm")).count();
        }
    }
}
