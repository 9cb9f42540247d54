package dev.loadgen.deploy;

import static dev.loadgen.deploy.Manifests.ROOT;
import static dev.loadgen.deploy.Manifests.flag;
import static dev.loadgen.deploy.Manifests.interpolate;
import static dev.loadgen.deploy.Manifests.list;
import static dev.loadgen.deploy.Manifests.map;
import static dev.loadgen.deploy.Manifests.strings;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml agrees with itself and with the repository: images, the commands' ports and the
 * published ones, the URLs the services call each other by, health checks behind every
 * {@code service_healthy}, files mounted from the repository, and the Prometheus and Grafana files.
 */
class ComposeFileTest {
    static final Map<String, Object> COMPOSE = Manifests.yaml(ROOT.resolve("docker-compose.yml"));
    static final Map<String, Object> SERVICES = map(COMPOSE, "services");
    static final List<String> DEMO = List.of("auth", "users", "posts", "chat");

    static List<String> command(String service) {
        return strings(map(SERVICES, service).get("command")).stream().map(s -> interpolate(s, Map.of())).toList();
    }

    static Map<String, String> environment(String service) {
        Map<String, String> env = new HashMap<>();
        Object e = map(SERVICES, service).get("environment");
        if (e != null) {
            map(e).forEach((k, v) -> env.put(k, interpolate(String.valueOf(v), Map.of())));
        }
        return env;
    }

    /** The port each service's process listens on, from its command (or the image's documented port). */
    static Map<String, Integer> listening() {
        Map<String, Integer> ports = new HashMap<>();
        for (String s : DEMO) {
            ports.put(s, Integer.parseInt(flag(command(s), "--port").orElseThrow()));
        }
        ports.put("loadgen", Integer.parseInt(flag(command("loadgen"), "--metrics-port").orElseThrow()));
        ports.put("prometheus", Integer.parseInt(command("prometheus").stream().filter(a -> a.startsWith("--web.listen-address=:"))
                .findFirst().orElseThrow().substring("--web.listen-address=:".length())));
        ports.put("grafana", 3000);
        ports.put("jaeger", 16686);
        return ports;
    }

    static List<String> published(String service) {
        Object p = map(SERVICES, service).get("ports");
        return p == null ? List.of() : strings(p);
    }

    @Test
    void the_stack_has_the_four_services_loadgen_prometheus_grafana_and_jaeger() {
        assertThat(SERVICES.keySet()).containsExactlyInAnyOrder("auth", "users", "posts", "chat", "loadgen", "prometheus", "grafana", "jaeger");
    }

    @Test
    void loadgen_and_the_services_run_the_image_built_from_the_dockerfile_at_the_project_version() {
        String version = Manifests.version();
        for (String s : List.of("auth", "users", "posts", "chat", "loadgen")) {
            Map<String, Object> svc = map(SERVICES, s);
            assertThat(svc.get("image")).as(s).isEqualTo("loadgen/loadgen:" + version);
            Map<String, Object> build = map(svc.get("build"));
            assertThat(ROOT.resolve(String.valueOf(build.get("context"))).resolve(String.valueOf(build.get("dockerfile")))).isRegularFile();
        }
        assertThat(Manifests.read(ROOT.resolve("Dockerfile"))).contains("ARG VERSION=" + version);
        for (String s : List.of("prometheus", "grafana", "jaeger")) {
            String image = String.valueOf(map(SERVICES, s).get("image"));
            assertThat(image).as(s + " is pinned to a version").matches("[\\w./-]+:v?\\d+\\.\\d+\\.\\d+");
        }
    }

    @Test
    void each_demo_service_serves_its_own_name_on_the_port_it_publishes_and_binds_every_interface() {
        for (String s : DEMO) {
            List<String> cmd = command(s);
            assertThat(cmd.getFirst()).isEqualTo("demo");
            assertThat(flag(cmd, "--service")).contains(s);
            assertThat(flag(cmd, "--host")).as(s + " must listen beyond the container's loopback").contains("0.0.0.0");
            int port = listening().get(s);
            assertThat(published(s)).as(s).containsExactly("127.0.0.1:" + port + ":" + port);
            assertThat(environment(s).get("DEMO_JWT_SECRET")).as("the services share one secret").hasSizeGreaterThanOrEqualTo(32)
                    .isEqualTo(environment("auth").get("DEMO_JWT_SECRET"));
        }
    }

    @Test
    void every_url_names_a_service_of_the_stack_on_the_port_it_listens_on_and_waits_for_it() {
        Map<String, Integer> ports = listening();
        for (String s : List.of("auth", "users", "posts", "chat", "loadgen")) {
            List<String> urls = new ArrayList<>();
            List<String> cmd = command(s);
            for (int i = 0; i + 1 < cmd.size(); i++) {
                if (cmd.get(i).endsWith("-url")) {
                    urls.add(cmd.get(i + 1));
                }
            }
            environment(s).forEach((k, v) -> {
                if (v.startsWith("http://") && !k.startsWith("OTEL_")) {
                    urls.add(v);
                }
            });
            Map<String, Object> dependsOn = Optional.ofNullable(map(SERVICES, s).get("depends_on")).map(Manifests::map).orElse(Map.of());
            for (String u : urls) {
                URI uri = URI.create(u);
                assertThat(ports).as(s + " calls " + u).containsEntry(uri.getHost(), uri.getPort());
                assertThat(dependsOn).as(s + " calls " + uri.getHost() + ", so it waits for it").containsKey(uri.getHost());
                assertThat(map(dependsOn.get(uri.getHost())).get("condition")).isEqualTo("service_healthy");
            }
        }
        assertThat(environment("loadgen")).containsKeys("AUTH_URL", "USERS_URL", "POSTS_URL", "CHAT_URL");
    }

    @Test
    void service_healthy_is_only_asked_of_services_with_a_health_check() {
        SERVICES.forEach((name, svc) -> {
            Object d = map(svc).get("depends_on");
            if (d != null) {
                map(d).forEach((dep, cond) -> {
                    assertThat(SERVICES).as(name + " depends on " + dep).containsKey(dep);
                    if ("service_healthy".equals(map(cond).get("condition"))) {
                        Map<String, Object> hc = map(map(SERVICES, dep).get("healthcheck"));
                        assertThat(strings(hc.get("test"))).as(dep).isNotEmpty();
                    }
                });
            }
        });
        for (String s : List.of("auth", "users", "posts", "chat", "loadgen")) {
            assertThat(strings(map(map(SERVICES, s).get("healthcheck")).get("test"))).containsExactly("CMD", "/opt/loadgen/bin/healthcheck");
        }
        assertThat(Manifests.inRepository("/opt/loadgen/bin/healthcheck")).hasValue(ROOT.resolve("deploy/docker/healthcheck"));
    }

    @Test
    void loadgen_runs_a_shipped_scenario_publishes_dashboard_and_metrics_and_exports_traces_to_jaeger() {
        List<String> cmd = command("loadgen");
        String config = flag(cmd, "--config").orElseThrow();
        assertThat(config).isEqualTo("/opt/loadgen/configs/scenarios/load.yaml");
        assertThat(Manifests.inRepository(config)).hasValueSatisfying(p -> assertThat(p).isRegularFile());
        assertThat(cmd).contains("observe.metrics-bind=0.0.0.0");
        assertThat(published("loadgen")).contains("127.0.0.1:8089:8089", "127.0.0.1:9464:9464");
        URI otlp = URI.create(environment("loadgen").get("OTEL_EXPORTER_OTLP_ENDPOINT"));
        assertThat(otlp.getHost()).isEqualTo("jaeger");
        assertThat(otlp.getPort()).isEqualTo(4318);
        for (String s : DEMO) {
            assertThat(environment(s).get("OTEL_EXPORTER_OTLP_ENDPOINT")).isEqualTo(otlp.toString());
        }
        assertThat(environment("jaeger")).containsEntry("COLLECTOR_OTLP_ENABLED", "true");
        String out = flag(cmd, "--out").orElseThrow();
        String volume = strings(map(SERVICES, "loadgen").get("volumes")).getFirst();
        assertThat(out).startsWith(volume.substring(volume.indexOf(':') + 1) + "/");
        assertThat(map(COMPOSE, "volumes")).containsKey(volume.substring(0, volume.indexOf(':')));
    }

    @Test
    void files_mounted_from_the_repository_exist() {
        SERVICES.forEach((name, svc) -> {
            Object v = map(svc).get("volumes");
            if (v != null) {
                for (String mount : strings(v)) {
                    String source = mount.substring(0, mount.indexOf(':'));
                    if (source.startsWith("./")) {
                        assertThat(ROOT.resolve(source)).as(name + " mounts " + source).exists();
                    }
                }
            }
        });
    }

    @Test
    void prometheus_scrapes_loadgen_and_the_four_services_by_their_compose_names() {
        Path config = mounted("prometheus", "/etc/prometheus/prometheus.yml");
        assertThat(command("prometheus")).contains("--config.file=/etc/prometheus/prometheus.yml", "--enable-feature=exemplar-storage");
        Map<String, Integer> ports = listening();
        Map<String, String> targets = new HashMap<>();
        for (Object job : list(Manifests.yaml(config).get("scrape_configs"))) {
            for (Object sc : list(map(job).get("static_configs"))) {
                for (String t : strings(map(sc).get("targets"))) {
                    targets.put(t, String.valueOf(map(job).get("job_name")));
                }
            }
        }
        assertThat(targets).containsOnlyKeys("loadgen:9464", "auth:8081", "users:8082", "posts:8083", "chat:8084");
        targets.keySet().forEach(t -> assertThat(ports).containsEntry(t.substring(0, t.indexOf(':')), Integer.parseInt(t.substring(t.indexOf(':') + 1))));
    }

    @Test
    void grafana_is_open_to_anonymous_viewers_and_provisions_prometheus_jaeger_and_the_dashboard() {
        assertThat(environment("grafana")).containsEntry("GF_AUTH_ANONYMOUS_ENABLED", "true").containsEntry("GF_AUTH_ANONYMOUS_ORG_ROLE", "Viewer");
        assertThat(published("grafana")).containsExactly("127.0.0.1:3000:3000");
        Map<String, Integer> ports = listening();
        Map<String, Object> ds = Manifests.yaml(mounted("grafana", "/etc/grafana/provisioning/datasources/loadgen.yml"));
        Map<String, String> uids = new HashMap<>();
        for (Object d : list(ds.get("datasources"))) {
            URI url = URI.create(String.valueOf(map(d).get("url")));
            assertThat(ports).as("data source " + map(d).get("name")).containsEntry(url.getHost(), url.getPort());
            uids.put(String.valueOf(map(d).get("uid")), String.valueOf(map(d).get("type")));
        }
        assertThat(uids).containsEntry("prometheus", "prometheus").containsEntry("jaeger", "jaeger");
        Map<String, Object> prom = map(list(ds.get("datasources")).getFirst());
        for (Object dest : list(map(prom, "jsonData").get("exemplarTraceIdDestinations"))) {
            assertThat(map(dest)).containsEntry("name", "trace_id");
            assertThat(uids).containsKey(String.valueOf(map(dest).get("datasourceUid")));
        }
        Map<String, Object> providers = Manifests.yaml(mounted("grafana", "/etc/grafana/provisioning/dashboards/loadgen.yml"));
        String dir = String.valueOf(map(map(list(providers.get("providers")).getFirst()), "options").get("path"));
        Path dashboard = mounted("grafana", dir + "/grafana-dashboard.json");
        assertThat(dashboard).isRegularFile();
        assertThat(environment("grafana").get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH")).isEqualTo(dir + "/grafana-dashboard.json");
    }

    /** The repository file mounted at {@code target} in a service's container. */
    static Path mounted(String service, String target) {
        for (String mount : strings(map(SERVICES, service).get("volumes"))) {
            String[] p = mount.split(":");
            if (p[1].equals(target)) {
                assertThat(p).as(mount + " is read-only").hasSize(3);
                assertThat(p[2]).isEqualTo("ro");
                Path f = ROOT.resolve(p[0]).normalize();
                assertThat(f).isRegularFile();
                return f;
            }
        }
        throw new AssertionError(service + " mounts nothing at " + target);
    }

    @Test
    void the_dockerignore_keeps_what_the_build_copies() {
        List<String> ignored = Manifests.read(ROOT.resolve(".dockerignore")).lines().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        for (Path src : Manifests.dockerCopies().values()) {
            String rel = ROOT.relativize(src).toString();
            if (rel.contains("target/")) {
                // a build output (the jar of --build-arg JAR=prebuilt): let through, it exists once built
                assertThat(ignored).as(rel + " is copied into the image").contains("!" + rel);
                continue;
            }
            assertThat(ignored).as(rel + " is copied into the image").noneMatch(i -> rel.equals(i) || rel.startsWith(i + "/"));
            assertThat(src).exists();
        }
        assertThat(ignored).contains(".git", "**/target", "results");
        assertThat(Files.isRegularFile(ROOT.resolve("Dockerfile"))).isTrue();
    }
}
