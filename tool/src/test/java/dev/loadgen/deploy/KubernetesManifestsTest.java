package dev.loadgen.deploy;

import static dev.loadgen.deploy.Manifests.ROOT;
import static dev.loadgen.deploy.Manifests.flag;
import static dev.loadgen.deploy.Manifests.list;
import static dev.loadgen.deploy.Manifests.map;
import static dev.loadgen.deploy.Manifests.strings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.config.ConfigLoader;
import dev.loadgen.config.LoadProfile;
import dev.loadgen.config.RunConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/kubernetes/ agrees with itself: the Indexed Job's pod count and segments, the labels that
 * Services and Prometheus select by, ports, the ConfigMap (a real loadgen config), volumes, and the
 * merge Job that reads what the pods write.
 */
class KubernetesManifestsTest {
    static final Path DIR = ROOT.resolve("deploy/kubernetes");

    static List<Map<String, Object>> all() throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(DIR)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                out.addAll(Manifests.yamlDocuments(f));
            }
        }
        return out;
    }

    static Map<String, Object> find(String kind, String name) throws IOException {
        return all().stream().filter(d -> kind.equals(d.get("kind")) && name.equals(map(d, "metadata").get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + DIR));
    }

    static Map<String, Object> podSpec(Map<String, Object> workload) {
        return map(workload, "spec", "template", "spec");
    }

    static Map<String, Object> container(Map<String, Object> workload) {
        return map(list(podSpec(workload).get("containers")).getFirst());
    }

    static List<String> args(Map<String, Object> workload) {
        return strings(container(workload).get("args"));
    }

    /** Kubernetes' {@code $(VAR)} expansion of a container's arguments with its environment. */
    static String expand(String s, Map<String, String> env) {
        for (Map.Entry<String, String> e : env.entrySet()) {
            s = s.replace("$(" + e.getKey() + ")", e.getValue());
        }
        return s;
    }

    static int segments(Map<String, Object> job) {
        String seg = flag(args(job), "--segment").orElseThrow();
        assertThat(seg).startsWith("$(JOB_COMPLETION_INDEX)/");
        return Integer.parseInt(seg.substring(seg.indexOf('/') + 1));
    }

    @Test
    void kustomization_lists_every_manifest_but_the_merge_job_that_runs_afterwards() throws IOException {
        Map<String, Object> k = Manifests.yaml(DIR.resolve("kustomization.yaml"));
        List<String> resources = strings(k.get("resources"));
        try (Stream<Path> s = Files.list(DIR)) {
            List<String> files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).toList();
            assertThat(resources).allMatch(files::contains);
            assertThat(files).filteredOn(f -> !resources.contains(f)).containsExactlyInAnyOrder("kustomization.yaml", "merge-job.yaml");
        }
    }

    @Test
    void every_container_runs_the_loadgen_image_at_the_project_version_as_a_non_root_user() throws IOException {
        for (Map<String, Object> d : all()) {
            if (List.of("Deployment", "Job").contains(d.get("kind"))) {
                assertThat(map(podSpec(d), "securityContext")).containsEntry("runAsNonRoot", true).containsEntry("runAsUser", 10001);
                List<Object> containers = new ArrayList<>(list(podSpec(d).get("containers")));
                Optional.ofNullable(podSpec(d).get("initContainers")).ifPresent(i -> containers.addAll(list(i)));
                for (Object c : containers) {
                    assertThat(map(c).get("image")).isEqualTo("loadgen/loadgen:" + Manifests.version());
                }
            }
        }
        assertThat(Manifests.read(ROOT.resolve("Dockerfile"))).contains("USER 10001:10001");
    }

    @Test
    void the_indexed_job_runs_n_pods_each_with_its_own_segment_of_n_and_the_same_seed() throws IOException {
        Map<String, Object> job = find("Job", "loadgen");
        Map<String, Object> spec = map(job, "spec");
        int n = segments(job);
        assertThat(spec).containsEntry("completionMode", "Indexed").containsEntry("completions", n).containsEntry("parallelism", n);
        assertThat(n).isGreaterThan(1);
        Map<String, Object> indexEnv = list(container(job).get("env")).stream().map(Manifests::map)
                .filter(e -> "JOB_COMPLETION_INDEX".equals(e.get("name"))).findFirst().orElseThrow();
        assertThat(map(indexEnv, "valueFrom", "fieldRef").get("fieldPath"))
                .isEqualTo("metadata.annotations['batch.kubernetes.io/job-completion-index']");
        assertThat(flag(args(job), "--seed")).isPresent();
        List<String> segmentsSeen = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            segmentsSeen.add(expand(flag(args(job), "--segment").orElseThrow(), Map.of("JOB_COMPLETION_INDEX", Integer.toString(i))));
        }
        assertThat(segmentsSeen).containsExactly(java.util.stream.IntStream.range(0, n).mapToObj(i -> i + "/" + n).toArray(String[]::new));
    }

    @Test
    void every_pod_takes_one_start_time_from_the_optional_config_map_the_docs_have_you_make() throws IOException {
        Map<String, Object> startEnv = list(container(find("Job", "loadgen")).get("env")).stream().map(Manifests::map)
                .filter(e -> RunConfig.START_AT_VARIABLE.equals(e.get("name"))).findFirst().orElseThrow();
        Map<String, Object> ref = map(startEnv, "valueFrom", "configMapKeyRef");
        // without it, the Job still runs: each pod begins when it is ready
        assertThat(ref).containsEntry("optional", true);
        String made = "kubectl create configmap " + ref.get("name") + " --from-literal=" + ref.get("key") + "=";
        assertThat(Manifests.read(ROOT.resolve("docs/deploy.md"))).contains(made);
        assertThat(Manifests.read(DIR.resolve("job.yaml"))).contains(made);
    }

    @Test
    void the_config_map_is_a_valid_config_aimed_at_the_demo_services_and_exposes_metrics_to_the_pod_network(@TempDir Path tmp) throws IOException {
        Map<String, Object> job = find("Job", "loadgen");
        String configPath = flag(args(job), "--config").orElseThrow();
        Map<String, Object> mount = list(container(job).get("volumeMounts")).stream().map(Manifests::map)
                .filter(m -> configPath.startsWith(m.get("mountPath") + "/")).findFirst().orElseThrow();
        Map<String, Object> volume = list(podSpec(job).get("volumes")).stream().map(Manifests::map)
                .filter(v -> v.get("name").equals(mount.get("name"))).findFirst().orElseThrow();
        String cmName = String.valueOf(map(volume, "configMap").get("name"));
        String key = configPath.substring(configPath.lastIndexOf('/') + 1);
        String yaml = String.valueOf(map(find("ConfigMap", cmName), "data").get(key));
        Path file = tmp.resolve(key);
        Files.writeString(file, yaml);
        RunConfig c = ConfigLoader.load(Optional.of(file), List.of(), List.of(), k -> null, () -> 1L);
        assertThat(c.load()).isInstanceOf(LoadProfile.Closed.class);
        assertThat(c.thresholds()).isNotEmpty();
        Map<String, Integer> demoPorts = demoServicePorts();
        for (String s : List.of("auth", "users", "posts", "chat")) {
            URI u = c.target().service(s).orElseThrow();
            assertThat(demoPorts).as("target." + s + " " + u).containsEntry(u.getHost(), u.getPort());
        }
        assertThat(c.observe().metrics().bind()).isEqualTo("0.0.0.0");
        int metrics = c.observe().metrics().port();
        Map<String, Object> pod = map(job, "spec", "template");
        assertThat(map(pod, "metadata", "annotations")).containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", Integer.toString(metrics)).containsEntry("prometheus.io/path", "/metrics");
        assertThat(containerPort(container(job), "metrics")).isEqualTo(metrics);
        Map<String, Object> svc = find("Service", "loadgen-metrics");
        assertThat(map(svc, "spec")).containsEntry("clusterIP", "None");
        assertThat(map(pod, "metadata", "labels")).containsAllEntriesOf(map(svc, "spec", "selector"));
        assertThat(map(list(map(svc, "spec").get("ports")).getFirst())).containsEntry("port", metrics).containsEntry("targetPort", "metrics");
        Map<String, Object> prom = Manifests.yaml(ROOT.resolve("monitoring/kubernetes/prometheus.yml"));
        Map<String, Object> dns = map(list(map(list(prom.get("scrape_configs")).getFirst()).get("dns_sd_configs")).getFirst());
        assertThat(strings(dns.get("names"))).containsExactly("loadgen-metrics");
        assertThat(dns).containsEntry("port", metrics);
    }

    static int containerPort(Map<String, Object> container, String name) {
        return list(container.get("ports")).stream().map(Manifests::map).filter(p -> name.equals(p.get("name")))
                .map(p -> (Integer) p.get("containerPort")).findFirst().orElseThrow(() -> new AssertionError("no port named " + name));
    }

    /** Each demo Service's name and port, checked against its Deployment's command, container port and labels. */
    static Map<String, Integer> demoServicePorts() throws IOException {
        Map<String, Integer> out = new HashMap<>();
        for (String s : List.of("auth", "users", "posts", "chat")) {
            Map<String, Object> deploy = find("Deployment", s);
            Map<String, Object> service = find("Service", s);
            List<String> a = args(deploy);
            assertThat(a.getFirst()).isEqualTo("demo");
            assertThat(flag(a, "--service")).contains(s);
            assertThat(flag(a, "--host")).contains("0.0.0.0");
            int port = Integer.parseInt(flag(a, "--port").orElseThrow());
            assertThat(containerPort(container(deploy), "http")).isEqualTo(port);
            Map<String, Object> sp = map(list(map(service, "spec").get("ports")).getFirst());
            assertThat(sp).containsEntry("port", port).containsEntry("targetPort", "http");
            Map<String, Object> labels = map(deploy, "spec", "template", "metadata", "labels");
            assertThat(labels).containsAllEntriesOf(map(service, "spec", "selector")).containsAllEntriesOf(map(deploy, "spec", "selector", "matchLabels"));
            assertThat(map(deploy, "spec", "template", "metadata", "annotations")).containsEntry("prometheus.io/port", Integer.toString(port));
            assertThat(map(container(deploy), "readinessProbe", "httpGet")).containsEntry("path", "/health").containsEntry("port", "http");
            Map<String, Object> secret = list(container(deploy).get("env")).stream().map(Manifests::map)
                    .filter(e -> "DEMO_JWT_SECRET".equals(e.get("name"))).findFirst().orElseThrow();
            assertThat(map(secret, "valueFrom", "secretKeyRef")).containsEntry("name", "demo-jwt").containsEntry("key", "secret");
            out.put(s, port);
        }
        // the cross-service calls each service makes (DESIGN.md §5), each to a Service that exists
        Map<String, String> calls = Map.of("auth", "--users-url", "posts", "--users-url", "chat", "--auth-url");
        for (Map.Entry<String, String> c : calls.entrySet()) {
            String s = c.getKey();
            String f = c.getValue();
            URI u = URI.create(flag(args(find("Deployment", s)), f).orElseThrow(() -> new AssertionError(s + " has no " + f)));
            assertThat(out).as(s + " " + f).containsEntry(u.getHost(), u.getPort());
        }
        return out;
    }

    @Test
    void the_pods_write_their_results_to_the_shared_claim_that_the_merge_job_reads_segment_by_segment() throws IOException {
        Map<String, Object> job = find("Job", "loadgen");
        Map<String, Object> merge = find("Job", "loadgen-merge");
        int n = segments(job);
        String out = flag(args(job), "--out").orElseThrow();
        List<String> expected = new ArrayList<>(List.of("merge"));
        for (int i = 0; i < n; i++) {
            expected.add(expand(out, Map.of("JOB_COMPLETION_INDEX", Integer.toString(i))));
        }
        List<String> mergeArgs = args(merge);
        assertThat(mergeArgs.subList(0, n + 1)).isEqualTo(expected);
        assertThat(flag(mergeArgs, "--out")).isPresent();
        for (Map<String, Object> w : List.of(job, merge)) {
            String claim = list(podSpec(w).get("volumes")).stream().map(Manifests::map).filter(v -> v.containsKey("persistentVolumeClaim"))
                    .map(v -> String.valueOf(map(v, "persistentVolumeClaim").get("claimName"))).findFirst().orElseThrow();
            find("PersistentVolumeClaim", claim);
            assertThat(list(container(w).get("volumeMounts")).stream().map(Manifests::map).map(m -> String.valueOf(m.get("mountPath"))))
                    .anyMatch(p -> out.startsWith(p + "/"));
        }
        assertThat(map(job, "spec", "template", "spec")).containsEntry("restartPolicy", "Never");
    }
}
