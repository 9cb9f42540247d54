package dev.loadgen.deploy;

import static dev.loadgen.deploy.Manifests.ROOT;
import static dev.loadgen.deploy.Manifests.list;
import static dev.loadgen.deploy.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Every Prometheus config that ships passes {@code promtool check config} (Debian's prometheus package;
 * .ci/run installs it, and under CI=true its absence is a failure, never a skip), and the Grafana
 * provisioning files parse and point at data sources and files that exist.
 */
class MonitoringFilesTest {
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    @ParameterizedTest
    @ValueSource(strings = {"monitoring/prometheus.yml", "monitoring/compose/prometheus.yml", "monitoring/kubernetes/prometheus.yml"})
    void promtool_accepts_the_prometheus_config(String file) throws IOException, InterruptedException {
        if (!Files.isExecutable(PROMTOOL)) {
            assertThat(System.getenv("CI")).as("promtool is missing under CI=true; .ci/run installs Debian's prometheus package").isNotEqualTo("true");
            Assumptions.abort("skipped: " + PROMTOOL + " is not installed (apt-get install prometheus); CI runs this check");
        }
        Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "config", ROOT.resolve(file).toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("SUCCESS");
    }

    @ParameterizedTest
    @ValueSource(strings = {"monitoring/grafana-datasources.yml", "monitoring/compose/grafana-datasources.yml"})
    void grafana_data_sources_have_unique_uids_and_exemplar_links_to_a_tracing_source(String file) {
        Map<String, Object> ds = Manifests.yaml(ROOT.resolve(file));
        assertThat(ds.get("apiVersion")).isEqualTo(1);
        Set<String> uids = new HashSet<>();
        Set<String> tracing = new HashSet<>();
        for (Object d : list(ds.get("datasources"))) {
            Map<String, Object> m = map(d);
            assertThat(uids.add(String.valueOf(m.get("uid")))).as("uid " + m.get("uid") + " is unique").isTrue();
            assertThat(String.valueOf(m.get("url"))).startsWith("http://");
            if (List.of("tempo", "jaeger").contains(m.get("type"))) {
                tracing.add(String.valueOf(m.get("uid")));
            }
        }
        Map<String, Object> prom = list(ds.get("datasources")).stream().map(Manifests::map)
                .filter(m -> "prometheus".equals(m.get("type"))).findFirst().orElseThrow();
        assertThat(prom.get("uid")).isEqualTo("prometheus");
        List<Object> dests = list(map(prom, "jsonData").get("exemplarTraceIdDestinations"));
        assertThat(dests).isNotEmpty();
        dests.forEach(d -> assertThat(tracing).contains(String.valueOf(map(d).get("datasourceUid"))));
    }

    @Test
    void the_dashboard_provider_loads_a_folder_and_the_dashboard_queries_the_provisioned_prometheus() throws IOException {
        Map<String, Object> providers = Manifests.yaml(ROOT.resolve("monitoring/grafana-dashboards.yml"));
        Map<String, Object> p = map(list(providers.get("providers")).getFirst());
        assertThat(p.get("type")).isEqualTo("file");
        assertThat(String.valueOf(map(p, "options").get("path"))).startsWith("/");
        JsonNode dashboard = new ObjectMapper().readTree(ROOT.resolve("monitoring/grafana-dashboard.json").toFile());
        assertThat(dashboard.path("uid").asText()).isEqualTo("loadgen");
        JsonNode ds = dashboard.path("templating").path("list").get(0);
        assertThat(ds.path("type").asText()).isEqualTo("datasource");
        assertThat(ds.path("query").asText()).isEqualTo("prometheus");
        assertThat(dashboard.path("panels").size()).isGreaterThan(5);
    }
}
