package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run's start no longer does on its way to the first request (issue 18, goal 3), seen in the classes the JVM
 * loads: a {@code --url} run of the built jar, with its self warm-up, dashboard and {@code /metrics}, neither starts the
 * platform MBean server (Jetty's first thread pool and the JVM metrics asked it) nor reads the JVM's trusted CAs for a
 * plain-HTTP target. (That a run builds no subcommand's model, CommandLineForTest says.) Run without the AOT cache,
 * which would load the classes it holds whether they are used or not.
 */
class StartCostIT {
    private static final Path JAR = Path.of(System.getProperty("loadgen.root", "..")).toAbsolutePath().normalize()
            .resolve("tool/target/loadgen.jar");

    @TempDir
    Path dir;

    @Test
    void a_url_run_starts_without_the_mbean_server_or_the_trust_store() throws Exception {
        Path classes = dir.resolve("classes.log");
        try (CountingTarget target = new CountingTarget()) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xlog:class+load=info:file=" + classes, "-jar", JAR.toString(), "--url", target.url(), "--users", "1", "--think", "0",
                    "--duration", "1s", "--self-warm", "500ms", "--quiet", "--dashboard-port", Integer.toString(freePort()),
                    "--metrics-port", Integer.toString(freePort()), "--out", dir.resolve("run").toString())
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(target.received()).isPositive();
        }
        List<String> loaded = Files.readAllLines(classes).stream().map(l -> l.replaceFirst("^\\[[^]]*]\\[[^]]*]\\[[^]]*\\] ", "")).toList();
        // the run itself, and the HTTP client's TLS set-up, did load: the log is the one looked for
        assertThat(loaded).anyMatch(l -> l.startsWith("dev.loadgen.engine.Engine ")).anyMatch(l -> l.startsWith("javax.net.ssl.SSLContext "))
                .anyMatch(l -> l.startsWith("org.eclipse.jetty.server.Server "));
        assertThat(loaded).noneMatch(l -> l.startsWith("com.sun.jmx.mbeanserver.JmxMBeanServer "))
                .noneMatch(l -> l.startsWith("sun.security.ssl.TrustStoreManager "));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
