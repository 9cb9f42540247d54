package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Prometheus, started by a test on a free loopback port with its data in the test's folder, and
 * the shipped dashboard's PromQL asked of it as Grafana would. Where the package is missing the test is
 * skipped with the reason, except in CI, where it fails: CI installs the package (.ci/run).
 */
final class RealPrometheus implements AutoCloseable {
    static final Path ROOT = Path.of(System.getProperty("loadgen.root", ".."));
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int port;
    private final Path log;

    private RealPrometheus(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static Optional<Path> binary(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The prometheus binary, or the test skipped (outside CI) or failed (in CI) for want of it. */
    static Path binaryOrSkip() {
        Optional<Path> prometheus = binary("prometheus");
        if (prometheus.isEmpty()) {
            assertThat(System.getenv("CI")).as("CI must have prometheus (.ci/run installs it)").isNotEqualTo("true");
            Assumptions.abort("prometheus is not installed (apt-get install prometheus); this test runs in CI");
        }
        return prometheus.get();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts Prometheus with {@code config} (written into {@code dir}) and the given flags, and waits until it is ready. */
    static RealPrometheus start(Path dir, String config, String... flags) throws IOException, InterruptedException {
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, config);
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(binaryOrSkip().toString(), "--config.file=" + file,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port, "--log.level=warn"));
        command.addAll(List.of(flags));
        Path log = dir.resolve("prometheus.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RealPrometheus prometheus = new RealPrometheus(p, port, log);
        prometheus.awaitReady();
        return prometheus;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            process.waitFor(100, TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException("prometheus did not become ready: " + log());
    }

    int port() {
        return port;
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    /** An API call's {@code data}, asserting that Prometheus answered {@code success}. */
    JsonNode api(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode n = JSON.readTree(r.body());
        assertThat(n.path("status").asText()).as(path + " -> " + r.body()).isEqualTo("success");
        return n.path("data");
    }

    /** A range query over {@code [start, end]} (epoch seconds) at a one-second step, as Grafana asks for a panel. */
    JsonNode range(String expr, long start, long end) throws IOException, InterruptedException {
        return api("/api/v1/query_range?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8) + "&start=" + start + "&end=" + end + "&step=1");
    }

    /** An instant query at {@code time} (epoch seconds). */
    JsonNode instant(String expr, long time) throws IOException, InterruptedException {
        return api("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8) + "&time=" + time);
    }

    /** Every PromQL expression of the dashboard, with Grafana's variables as Grafana would fill them ("All"). */
    static List<String> dashboardExpressions() throws IOException {
        List<String> out = new ArrayList<>();
        JsonNode dash = JSON.readTree(ROOT.resolve("monitoring/grafana-dashboard.json").toFile());
        for (JsonNode p : dash.path("panels")) {
            if (p.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(p.path("targets").size()).as("panel '%s' has queries", p.path("title").asText()).isPositive();
            for (JsonNode t : p.path("targets")) {
                out.add(t.path("expr").asText().replace("$__rate_interval", "15s").replace("$__range", "1m")
                        .replace("$service", ".*").replace("$endpoint", ".*"));
            }
        }
        return out;
    }

    /** The expressions whose range query over {@code [start, end]} holds no finite value. */
    List<String> withoutData(List<String> expressions, long start, long end) throws IOException, InterruptedException {
        List<String> empty = new ArrayList<>();
        for (String expr : expressions) {
            if (!hasValue(range(expr, start, end))) {
                empty.add(expr);
            }
        }
        return empty;
    }

    /** A query result holds at least one finite value. */
    static boolean hasValue(JsonNode data) {
        for (JsonNode series : data.path("result")) {
            List<JsonNode> values = new ArrayList<>();
            series.path("values").forEach(values::add);
            if (series.has("value")) {
                values.add(series.path("value"));
            }
            for (JsonNode v : values) {
                String value = v.get(1).asText();
                if (!value.equals("NaN") && !value.contains("Inf")) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
