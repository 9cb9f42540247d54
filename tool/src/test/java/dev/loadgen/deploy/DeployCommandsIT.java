package dev.loadgen.deploy;

import static dev.loadgen.deploy.Manifests.ROOT;
import static dev.loadgen.deploy.Manifests.list;
import static dev.loadgen.deploy.Manifests.map;
import static dev.loadgen.deploy.Manifests.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every loadgen and demo command of docker-compose.yml and deploy/kubernetes/ is run here, through the
 * image's own entry point (deploy/docker/loadgen) with the built jar, with the same arguments and
 * environment, only the hosts and ports rewritten to free loopback ones and the container paths to
 * folders here. Each must start and pass the health check its file gives it: the compose healthcheck
 * (deploy/docker/healthcheck, reading the process's command line), or the pod's readiness probe.
 */
class DeployCommandsIT {
    private static final Path JAR = ROOT.resolve("tool/target/loadgen.jar");
    private static final Path ENTRY = ROOT.resolve("deploy/docker/loadgen");
    private static final Path HEALTHCHECK = ROOT.resolve("deploy/docker/healthcheck");
    private static final Pattern HOST_PORT = Pattern.compile("(?<![\\w.-])(auth|users|posts|chat|loadgen|jaeger|otel-collector):(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path tmp;

    private final List<Proc> running = new ArrayList<>();

    record Proc(String name, Process process, Path log) {}

    /** Hosts to loopback, ports to free ones, container paths to folders of this test. */
    static final class Rewrite {
        final Map<Integer, Integer> ports = new HashMap<>();
        final Map<String, String> paths = new LinkedHashMap<>();

        Rewrite port(int from) throws IOException {
            try (ServerSocket s = new ServerSocket(0)) {
                ports.put(from, s.getLocalPort());
            }
            return this;
        }

        Rewrite path(String from, Path to) {
            paths.put(from, to.toString());
            return this;
        }

        Rewrite copy() {
            Rewrite r = new Rewrite();
            r.ports.putAll(ports);
            r.paths.putAll(paths);
            return r;
        }

        String apply(String s) {
            if (s.matches("\\d+") && ports.containsKey(Integer.parseInt(s))) {
                return Integer.toString(ports.get(Integer.parseInt(s)));
            }
            Matcher m = HOST_PORT.matcher(s);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                int p = Integer.parseInt(m.group(2));
                m.appendReplacement(b, "127.0.0.1:" + ports.getOrDefault(p, p));
            }
            m.appendTail(b);
            s = b.toString().replace("0.0.0.0", "127.0.0.1");
            for (Map.Entry<String, String> e : paths.entrySet()) {
                if (s.startsWith(e.getKey())) {
                    s = e.getValue() + s.substring(e.getKey().length());
                }
            }
            s = Pattern.compile("(metrics-port:\\s*)(\\d+)").matcher(s).replaceAll(r -> r.group(1) + ports.getOrDefault(Integer.parseInt(r.group(2)), Integer.parseInt(r.group(2))));
            return s;
        }
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Proc p : running.reversed()) {
            p.process().destroy();
        }
        for (Proc p : running) {
            if (!p.process().waitFor(40, TimeUnit.SECONDS)) {
                p.process().destroyForcibly();
            }
        }
    }

    private Proc start(String name, List<String> args, Map<String, String> env) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ENTRY.toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("OTEL_") || k.endsWith("_URL") || k.startsWith("DEMO_") || k.startsWith("LOADGEN_"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("LOADGEN_JAR", JAR.toString());
        pb.environment().putAll(env);
        Path log = tmp.resolve(name + ".log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Proc p = new Proc(name, pb.start(), log);
        running.add(p);
        return p;
    }

    /** Polls a health check until it passes; a process that exits first, or 90 s, fail with its log. */
    private void awaitHealthy(Proc p, List<String> check, Map<String, String> env) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String last = "";
        while (System.nanoTime() < deadline) {
            if (!p.process().isAlive()) {
                throw new AssertionError(p.name() + " exited with " + p.process().exitValue() + ":\n" + Files.readString(p.log()));
            }
            ProcessBuilder pb = new ProcessBuilder(check).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process h = pb.start();
            if (h.waitFor(10, TimeUnit.SECONDS) && h.exitValue() == 0) {
                return;
            }
            last = new String(h.getInputStream().readAllBytes());
            Thread.sleep(500);
        }
        throw new AssertionError(p.name() + " never passed its health check (" + last.strip() + "):\n" + Files.readString(p.log()));
    }

    private static String secret() {
        return "%064x".formatted(new java.math.BigInteger(256, new java.security.SecureRandom()));
    }

    @Test
    void every_compose_command_starts_and_answers_its_health_check_and_loadgen_drives_the_four_services() throws Exception {
        Map<String, Object> services = ComposeFileTest.SERVICES;
        Rewrite rw = new Rewrite().port(8081).port(8082).port(8083).port(8084).port(9464).port(8089).port(4318)
                .path("/opt/loadgen/configs", ROOT.resolve("configs")).path("/home/loadgen/results", tmp.resolve("compose-results"));
        Map<String, Proc> started = new HashMap<>();
        for (String name : startOrder(services)) {
            Map<String, Object> svc = map(services, name);
            if (!String.valueOf(svc.get("image")).startsWith("loadgen/")) {
                continue;    // Prometheus, Grafana, Jaeger: their own images, checked by ComposeFileTest and promtool
            }
            List<String> args = ComposeFileTest.command(name).stream().map(rw::apply).toList();
            Map<String, String> env = new HashMap<>();
            ComposeFileTest.environment(name).forEach((k, v) -> env.put(k, rw.apply(v)));
            Proc p = start(name, args, env);
            List<String> test = strings(map(svc.get("healthcheck")).get("test"));
            assertThat(test.getFirst()).isEqualTo("CMD");
            String script = Manifests.inRepository(test.get(1)).orElseThrow().toString();
            awaitHealthy(p, List.of(script), Map.of("LOADGEN_HEALTH_PID", Long.toString(p.process().pid())));
            started.put(name, p);
        }
        assertThat(started.keySet()).containsExactlyInAnyOrder("auth", "users", "posts", "chat", "loadgen");

        // loadgen found the services by the names compose gives them, and they answer it
        awaitOkRequests(URI.create("http://127.0.0.1:" + rw.ports.get(9464) + "/metrics"));
        for (String s : ComposeFileTest.DEMO) {
            String health = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rw.ports.get(ComposeFileTest.listening().get(s)) + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(health).contains("\"service\":\"" + s + "\"");
        }
        Proc loadgen = started.get("loadgen");
        loadgen.process().destroy();
        assertThat(loadgen.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(loadgen.process().exitValue()).as(Files.readString(loadgen.log())).isEqualTo(130);
        String out = rw.apply(Manifests.flag(ComposeFileTest.command("loadgen"), "--out").orElseThrow());
        JsonNode summary = new ObjectMapper().readTree(Path.of(out, "summary.json").toFile());
        assertThat(summary.path("totals").path("requests").asLong()).isPositive();
        assertThat(summary.path("target").asText()).isEqualTo("configured target");
    }

    /** Waits until a run's metrics count requests the target answered as expected: the run is under way. */
    private static void awaitOkRequests(URI metrics) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String body = "";
        Pattern ok = Pattern.compile("loadgen_requests_total\\{[^}]*outcome=\"ok\"[^}]*} [1-9]");
        while (System.nanoTime() < deadline && !ok.matcher(body).find()) {
            Thread.sleep(1000);
            body = HTTP.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
        }
        assertThat(body).as("the run's metrics").containsPattern(ok.pattern());
    }

    /** depends_on first: the order compose starts the services in. */
    private static List<String> startOrder(Map<String, Object> services) {
        List<String> order = new ArrayList<>();
        while (order.size() < services.size()) {
            for (String name : services.keySet()) {
                Object d = map(services, name).get("depends_on");
                if (!order.contains(name) && (d == null || order.containsAll(map(d).keySet()))) {
                    order.add(name);
                }
            }
        }
        return order;
    }

    @Test
    void every_kubernetes_command_starts_and_is_ready_and_the_merge_job_merges_what_the_segments_wrote() throws Exception {
        Rewrite rw = new Rewrite().port(8081).port(8082).port(8083).port(8084).port(4318)
                .path("/results", tmp.resolve("k8s-results"));
        String secret = secret();
        for (String name : List.of("users", "auth", "posts", "chat")) {   // each after the services it calls
            Map<String, Object> deploy = KubernetesManifestsTest.find("Deployment", name);
            Map<String, Object> c = KubernetesManifestsTest.container(deploy);
            Proc p = start(name, KubernetesManifestsTest.args(deploy).stream().map(rw::apply).toList(), env(c, rw, secret, Map.of()));
            awaitHealthy(p, probe(c, rw), Map.of());
        }

        Map<String, Object> job = KubernetesManifestsTest.find("Job", "loadgen");
        Map<String, Object> spec = KubernetesManifestsTest.podSpec(job);
        Map<String, Object> init = map(list(spec.get("initContainers")).getFirst());
        ProcessBuilder wait = new ProcessBuilder(strings(init.get("command")).stream().map(rw::apply).toList()).redirectErrorStream(true);
        wait.environment().put("PATH", HEALTHCHECK.getParent() + ":" + System.getenv("PATH"));
        Process w = wait.start();
        assertThat(w.waitFor(60, TimeUnit.SECONDS)).as("the init container's wait for the services ends").isTrue();
        assertThat(w.exitValue()).as(new String(w.getInputStream().readAllBytes())).isZero();

        Map<String, Object> c = KubernetesManifestsTest.container(job);
        String configPath = Manifests.flag(KubernetesManifestsTest.args(job), "--config").orElseThrow();
        String configYaml = String.valueOf(map(KubernetesManifestsTest.find("ConfigMap", "loadgen-config"), "data").get("config.yaml"));
        int n = KubernetesManifestsTest.segments(job);
        // the ConfigMap the docs have you make before the run: every pod begins at this moment, once all are up
        java.time.Instant startAt = java.time.Instant.now().plusSeconds(12).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Map<String, String> configMaps = Map.of("loadgen-start/start-at", startAt.toString());
        List<Proc> pods = new ArrayList<>();
        List<URI> metricsUrls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path etc = Files.createDirectories(tmp.resolve("etc-" + i));
            Rewrite pod = rw.copy().port(9464).port(8089).path(configPath.substring(0, configPath.lastIndexOf('/')), etc);
            Files.writeString(etc.resolve("config.yaml"), configYaml.lines().map(pod::apply).reduce("", (a, b) -> a + b + "\n"));
            Map<String, String> index = Map.of("JOB_COMPLETION_INDEX", Integer.toString(i));
            List<String> args = KubernetesManifestsTest.args(job).stream().map(a -> pod.apply(KubernetesManifestsTest.expand(a, index))).toList();
            Proc p = start("segment-" + i, args, env(c, pod, secret, index, configMaps));
            awaitHealthy(p, probe(c, pod), Map.of());
            pods.add(p);
            metricsUrls.add(URI.create("http://127.0.0.1:" + pod.ports.get(9464) + "/metrics"));
        }
        for (URI u : metricsUrls) {
            awaitOkRequests(u);
        }
        for (Proc p : pods) {
            p.process().destroy();
        }
        for (Proc p : pods) {
            assertThat(p.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.process().exitValue()).as(Files.readString(p.log())).isEqualTo(130);
        }

        Map<String, Object> merge = KubernetesManifestsTest.find("Job", "loadgen-merge");
        Proc m = start("merge", KubernetesManifestsTest.args(merge).stream().map(rw::apply).toList(), Map.of());
        assertThat(m.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(m.process().exitValue()).as(Files.readString(m.log())).isIn(0, 1);
        ObjectMapper json = new ObjectMapper();
        long users = 0;
        for (int i = 0; i < n; i++) {
            JsonNode s = json.readTree(tmp.resolve("k8s-results/segment-" + i + "/summary.json").toFile());
            assertThat(s.path("segment").asText()).isEqualTo(i + "/" + n);
            assertThat(s.path("startedAt").asText()).isEqualTo(startAt.toString());
            users += s.path("users").path("started").asLong();
        }
        String out = rw.apply(Manifests.flag(KubernetesManifestsTest.args(merge), "--out").orElseThrow());
        JsonNode merged = json.readTree(Path.of(out, "summary.json").toFile());
        assertThat(merged.path("users").path("started").asLong()).isEqualTo(users).isPositive();
        assertThat(merged.path("merged").path("instances").asInt()).isEqualTo(n);
    }

    private static Map<String, String> env(Map<String, Object> container, Rewrite rw, String secret, Map<String, String> index) {
        return env(container, rw, secret, index, Map.of());
    }

    /**
     * A container's environment as Kubernetes builds it: values, the Secret, the completion index, keys of ConfigMaps
     * ({@code name/key}; an optional one that is absent leaves its variable unset); $(VAR) expanded.
     */
    private static Map<String, String> env(Map<String, Object> container, Rewrite rw, String secret, Map<String, String> index,
                                           Map<String, String> configMaps) {
        Map<String, String> env = new LinkedHashMap<>();
        Object list = container.get("env");
        if (list != null) {
            for (Object o : list(list)) {
                Map<String, Object> e = map(o);
                String name = String.valueOf(e.get("name"));
                if (e.containsKey("value")) {
                    env.put(name, rw.apply(KubernetesManifestsTest.expand(String.valueOf(e.get("value")), index)));
                } else if (map(e, "valueFrom").containsKey("secretKeyRef")) {
                    env.put(name, secret);
                } else if (map(e, "valueFrom").containsKey("configMapKeyRef")) {
                    Map<String, Object> ref = map(e, "valueFrom", "configMapKeyRef");
                    String value = configMaps.get(ref.get("name") + "/" + ref.get("key"));
                    assertThat(value != null || Boolean.TRUE.equals(ref.get("optional"))).as(name + " needs ConfigMap " + ref.get("name")).isTrue();
                    if (value != null) {
                        env.put(name, value);
                    }
                } else {
                    env.put(name, index.get(name));
                }
            }
        }
        return env;
    }

    /** The readiness probe as a command: its path on the container port it names, rewritten. */
    private static List<String> probe(Map<String, Object> container, Rewrite rw) {
        Map<String, Object> get = map(container, "readinessProbe", "httpGet");
        int port = KubernetesManifestsTest.containerPort(container, String.valueOf(get.get("port")));
        return List.of("env", "LOADGEN_HEALTH_URL=http://127.0.0.1:" + rw.ports.get(port) + get.get("path"), HEALTHCHECK.toString());
    }
}
