package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgen.demo.Demo;
import dev.loadgen.demo.DemoSettings;
import dev.loadgen.demo.RunningDemo;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metrics pushed, not scraped: a run pushes to a real Prometheus that has no scrape configuration at all,
 * only its remote-write receiver, and the shipped dashboard's queries must return data from what arrived,
 * the run's final figures included. And a receiver that never answers costs the run nothing but a warning
 * and a bounded wait at the end.
 */
class MetricsPushIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void the_dashboard_queries_return_data_from_metrics_pushed_to_a_real_prometheus() throws Exception {
        try (RunningDemo demo = Demo.start(DemoSettings.defaults().withBasePort(0).withPasswordIterations(1000));
             RealPrometheus prometheus = RealPrometheus.start(dir, "global: {evaluation_interval: 5s}\n", "--web.enable-remote-write-receiver")) {
            String url = "http://127.0.0.1:" + prometheus.port() + "/api/v1/write";
            long start = System.currentTimeMillis() / 1000;
            // the default interval (5s): two pushes while the load runs, and the last one at the end, after 13 s of load
            String printed = DashboardRun.run(dir, demo, "13s", "{metrics-port: 0, tracing: {enabled: true}, push: {remote-write: {url: %s}}}"
                    .formatted(url)).err();
            long end = System.currentTimeMillis() / 1000 + 1;
            assertThat(printed).contains("metrics pushed every 5s by remote write to " + url).doesNotContain("cannot push metrics");

            List<String> expressions = RealPrometheus.dashboardExpressions();
            List<String> empty = prometheus.withoutData(expressions, start - 5, end);
            // the services' own metrics (http_server_*) reach Prometheus from the services, never through loadgen's push
            List<String> servicesOwn = expressions.stream().filter(e -> e.contains("http_server_requests_seconds")).toList();
            assertThat(empty).as("dashboard queries without data (of %d); Prometheus log: %s", expressions.size(), prometheus.log())
                    .containsExactlyInAnyOrderElementsOf(servicesOwn);
            assertThat(expressions.size() - servicesOwn.size()).isGreaterThanOrEqualTo(25);

            assertThat(prometheus.instant("up", end).path("result")).as("nothing was scraped").isEmpty();
            JsonNode series = prometheus.api("/api/v1/series?match[]=loadgen_requests_total&start=" + (start - 5) + "&end=" + end);
            assertThat(series).isNotEmpty().allSatisfy(s -> {
                assertThat(s.path("job").asText()).isEqualTo("loadgen");
                assertThat(s.path("instance").asText()).endsWith("/" + ProcessHandle.current().pid());
            });

            JsonNode failed = prometheus.instant("loadgen_metrics_push_failed_total", end).path("result");
            assertThat(failed).singleElement().satisfies(f -> {
                assertThat(f.path("metric").path("receiver").asText()).isEqualTo("remote_write");
                assertThat(f.path("value").get(1).asText()).isEqualTo("0");
            });

            long requests = JSON.readTree(dir.resolve("results/summary.json").toFile()).path("totals").path("requests").asLong();
            JsonNode pushed = prometheus.instant("sum(loadgen_requests_total)", end).path("result").get(0).path("value");
            assertThat(requests).isPositive();
            assertThat(pushed.get(1).asDouble()).as("the final push carries the run's final count").isEqualTo(requests);
        }
    }

    @Test
    void a_receiver_that_never_answers_costs_a_warning_and_at_most_the_final_push_timeout() throws Exception {
        try (RunningDemo demo = Demo.start(DemoSettings.defaults().withBasePort(0).withPasswordIterations(1000));
             // connections are queued by the kernel and never answered
             ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + silent.getLocalPort() + "/api/v1/write";
            DashboardRun.Run run = DashboardRun.run(dir, demo, "3s", "{metrics-port: 0, push: {interval: 1s, remote-write: {url: %s}}}".formatted(url));
            String printed = run.err();

            // the first push times out after the load has ended, so the end-of-run line says it, and no warning does
            assertThat(printed.split("cannot push metrics", -1)).as(printed).hasSizeLessThanOrEqualTo(2);
            assertThat(printed).contains("loadgen: the last metrics push (remote write to " + url + ") got no answer within 5s");
            assertThat(Files.exists(dir.resolve("results/summary.json"))).isTrue();
            assertThat(JSON.readTree(dir.resolve("results/summary.json").toFile()).path("totals").path("requests").asLong()).isPositive();
            // the summary is out before the last push starts, and the last push gets 5 s
            assertThat(run.closing()).as(printed).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(7));
        }
    }
}
