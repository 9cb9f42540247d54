package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgen.config.ConfigLoader;
import dev.loadgen.demo.Demo;
import dev.loadgen.demo.DemoSettings;
import dev.loadgen.demo.RunningDemo;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped monitoring files against a real Prometheus: it scrapes loadgen and the demo services during
 * a 20 s run, then every PromQL expression of grafana-dashboard.json must return data, as Grafana would
 * ask for it (a range query over the run). A broken panel (a misspelt metric or label, a wrong type) fails
 * here. Needs Debian's prometheus package: skipped with a reason outside CI when it is missing, never in CI.
 */
class PrometheusIT {
    private static final Path ROOT = Path.of(System.getProperty("loadgen.root", ".."));
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Optional<Path> binary(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Spans are made (so exemplars exist) and go nowhere. */
    private static final class Discard implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    private static JsonNode api(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode n = JSON.readTree(r.body());
        assertThat(n.path("status").asText()).as(path + " -> " + r.body()).isEqualTo("success");
        return n.path("data");
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

    @Test
    void every_dashboard_query_returns_data_from_a_real_prometheus() throws Exception {
        Optional<Path> prometheus = binary("prometheus");
        if (prometheus.isEmpty()) {
            assertThat(System.getenv("CI")).as("CI must have prometheus (.ci/run installs it)").isNotEqualTo("true");
            Assumptions.abort("prometheus is not installed (apt-get install prometheus); this test runs in CI");
        }
        Process check = new ProcessBuilder(binary("promtool").orElseThrow().toString(), "check", "config",
                ROOT.resolve("monitoring/prometheus.yml").toString()).redirectErrorStream(true).start();
        String checked = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor()).as(checked).isZero();

        try (RunningDemo demo = Demo.start(DemoSettings.defaults().withBasePort(0).withPasswordIterations(1000))) {
            int loadgenPort = freePort();
            int promPort = freePort();
            String config = Files.readString(ROOT.resolve("monitoring/prometheus.yml"))
                    .replace("scrape_interval: 5s", "scrape_interval: 1s")
                    .replace("127.0.0.1:9464", "127.0.0.1:" + loadgenPort)
                    .replace("127.0.0.1:8081", demo.authUrl().getAuthority())
                    .replace("127.0.0.1:8082", demo.usersUrl().getAuthority())
                    .replace("127.0.0.1:8083", demo.postsUrl().getAuthority())
                    .replace("127.0.0.1:8084", demo.chatUrl().getAuthority());
            Files.writeString(dir.resolve("prometheus.yml"), config);
            Process server = new ProcessBuilder(prometheus.get().toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + promPort,
                    "--enable-feature=exemplar-storage", "--log.level=warn")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            try {
                long start = System.currentTimeMillis() / 1000;
                run(demo, loadgenPort);
                long end = System.currentTimeMillis() / 1000 + 1;

                List<String> empty = new ArrayList<>();
                List<String> expressions = dashboardExpressions();
                for (String expr : expressions) {
                    JsonNode data = api(promPort, "/api/v1/query_range?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)
                            + "&start=" + (start - 5) + "&end=" + end + "&step=1");
                    if (!hasValue(data)) {
                        empty.add(expr);
                    }
                }
                assertThat(empty).as("dashboard queries without data (of %d); Prometheus log: %s", expressions.size(),
                        Files.readString(dir.resolve("prometheus.log"))).isEmpty();

                JsonNode exemplars = api(promPort, "/api/v1/query_exemplars?query=loadgen_request_duration_seconds_bucket&start="
                        + (start - 5) + "&end=" + end);
                assertThat(exemplars.findValuesAsText("trace_id")).as("exemplars with trace ids reached Prometheus").isNotEmpty();
            } finally {
                server.destroy();
                server.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** A range query's result holds at least one finite value. */
    private static boolean hasValue(JsonNode data) {
        for (JsonNode series : data.path("result")) {
            for (JsonNode v : series.path("values")) {
                String value = v.get(1).asText();
                if (!value.equals("NaN") && !value.contains("Inf")) {
                    return true;
                }
            }
        }
        return false;
    }

    private void run(RunningDemo demo, int metricsPort) throws Exception {
        Path config = dir.resolve("loadgen.yaml");
        Files.writeString(config, """
                target: {auth: %s, users: %s, posts: %s, chat: %s}
                load: {users: 12, ramp: 10/s, duration: 20s, graceful-stop: 5s}
                users:
                  think: 60ms
                  session: {actions: 15, gap: 200ms}
                  actions:
                    posts: {feed: 4, read: 2, create: 2, like: 1}
                    users: {view: 1, follow: 1}
                    chat: {talk: 3}
                    http: {missing: 1}
                requests:
                  - {name: missing, service: posts, path: /posts/does-not-exist, expect: 200}
                observe: {metrics-port: %d, tracing: {enabled: true}}
                seed: 11
                """.formatted(demo.authUrl(), demo.usersUrl(), demo.postsUrl(), demo.chatUrl(), metricsPort));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        RunRequest request = new RunRequest(Optional.of(config), List.of(), List.of(
                ConfigLoader.FlagValue.of("output.dir", dir.resolve("results").toString(), "--out"),
                ConfigLoader.FlagValue.of("output.quiet", "true", "--quiet")), false);
        // chaos injection is another issue's: one injection counted through the same counters stands in for it
        Runner runner = new Runner(request, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new Runner.Seams(c -> new Discard(), m -> m.chaos().injected("delay")));
        int code = runner.run();
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    }
}
