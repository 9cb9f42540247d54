package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadgen.demo.Demo;
import dev.loadgen.demo.DemoSettings;
import dev.loadgen.demo.RunningDemo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped monitoring files against a real Prometheus: it scrapes loadgen and the demo services during
 * a 20 s run, then every PromQL expression of grafana-dashboard.json must return data, as Grafana would
 * ask for it (a range query over the run). A broken panel (a misspelt metric or label, a wrong type) fails
 * here. Needs Debian's prometheus package: skipped with a reason outside CI when it is missing, never in CI.
 */
class PrometheusIT {
    @TempDir
    Path dir;

    @Test
    void every_dashboard_query_returns_data_from_a_real_prometheus() throws Exception {
        RealPrometheus.binaryOrSkip();
        Process check = new ProcessBuilder(RealPrometheus.binary("promtool").orElseThrow().toString(), "check", "config",
                RealPrometheus.ROOT.resolve("monitoring/prometheus.yml").toString()).redirectErrorStream(true).start();
        String checked = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor()).as(checked).isZero();

        try (RunningDemo demo = Demo.start(DemoSettings.defaults().withBasePort(0).withPasswordIterations(1000))) {
            int loadgenPort = RealPrometheus.freePort();
            String config = Files.readString(RealPrometheus.ROOT.resolve("monitoring/prometheus.yml"))
                    .replace("scrape_interval: 5s", "scrape_interval: 1s")
                    .replace("127.0.0.1:9464", "127.0.0.1:" + loadgenPort)
                    .replace("127.0.0.1:8081", demo.authUrl().getAuthority())
                    .replace("127.0.0.1:8082", demo.usersUrl().getAuthority())
                    .replace("127.0.0.1:8083", demo.postsUrl().getAuthority())
                    .replace("127.0.0.1:8084", demo.chatUrl().getAuthority());
            try (RealPrometheus prometheus = RealPrometheus.start(dir, config, "--enable-feature=exemplar-storage")) {
                long start = System.currentTimeMillis() / 1000;
                DashboardRun.run(dir, demo, "20s", "{metrics-port: %d, tracing: {enabled: true}}".formatted(loadgenPort));
                long end = System.currentTimeMillis() / 1000 + 1;

                List<String> expressions = RealPrometheus.dashboardExpressions();
                assertThat(prometheus.withoutData(expressions, start - 5, end))
                        .as("dashboard queries without data (of %d); Prometheus log: %s", expressions.size(), prometheus.log()).isEmpty();

                JsonNode exemplars = prometheus.api("/api/v1/query_exemplars?query=loadgen_request_duration_seconds_bucket&start="
                        + (start - 5) + "&end=" + end);
                assertThat(exemplars.findValuesAsText("trace_id")).as("exemplars with trace ids reached Prometheus").isNotEmpty();
            }
        }
    }
}
