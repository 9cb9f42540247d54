package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 19's "one control point": three loadgen instances, segments 0/3, 1/3 and 2/3 of one 30-user run against a
 * loopback target, and {@code loadgen control} on them. Raising the total to 60 at the control point raises every
 * instance's {@code loadgen_active_users} (what Prometheus scrapes) from its 10 to its 20; the page shows the sum;
 * stopping there stops every instance, each writing its results.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControlIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int INSTANCES = 3;

    @TempDir
    static Path dir;

    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Future<Integer>> runs = new ArrayList<>();
    private final List<ByteArrayOutputStream> runErr = new ArrayList<>();
    private final List<Integer> dashboardPorts = new ArrayList<>();
    private final List<Integer> metricsPorts = new ArrayList<>();
    private final ByteArrayOutputStream controlOut = new ByteArrayOutputStream();
    private final ByteArrayOutputStream controlErr = new ByteArrayOutputStream();
    private CountingTarget target;
    private ControlCommand control;
    private Future<Integer> controlCode;
    private URI page;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** loadgen as on the command line, in this process; the future is its exit code. */
    private Future<Integer> loadgen(ByteArrayOutputStream err, String... args) {
        Main main = new Main();
        new CommandLine(main).parseArgs(args);
        RunRequest request = RunRequest.from(main);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return threads.submit(() -> new Runner(request, out, new PrintStream(err, true, StandardCharsets.UTF_8)).run());
    }

    private String printed() {
        StringBuilder b = new StringBuilder("control: ").append(controlOut.toString(StandardCharsets.UTF_8))
                .append(controlErr.toString(StandardCharsets.UTF_8));
        for (int i = 0; i < runErr.size(); i++) {
            b.append("\ninstance ").append(i).append(": ").append(runErr.get(i).toString(StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    private static void await(Duration limit, Supplier<String> what, Check condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("waited " + limit.toSeconds() + "s for " + what.get(), last);
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    /** The sum of {@code loadgen_active_users} over its personas, scraped from one instance's /metrics. */
    private static long activeUsers(int metricsPort) throws Exception {
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).timeout(Duration.ofSeconds(5)).build();
        String text = HTTP.send(get, HttpResponse.BodyHandlers.ofString()).body();
        return text.lines().filter(l -> l.startsWith("loadgen_active_users{"))
                .mapToLong(l -> Math.round(Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))).sum();
    }

    private List<Long> activeUsers() throws Exception {
        List<Long> users = new ArrayList<>();
        for (int port : metricsPorts) {
            users.add(activeUsers(port));
        }
        return users;
    }

    private JsonNode status() throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(page.resolve("api/status")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(page.resolve(path)).timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @BeforeAll
    void three_instances_of_one_30_user_run_and_a_control_point() throws Exception {
        target = new CountingTarget();
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            int dashboard = freePort();
            int metrics = freePort();
            dashboardPorts.add(dashboard);
            metricsPorts.add(metrics);
            urls.add("http://127.0.0.1:" + dashboard);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            runErr.add(err);
            runs.add(loadgen(err, "--url", target.url(), "--users", "30", "--ramp", "100/s", "--think", "500ms", "--duration", "3m",
                    "--segment", i + "/" + INSTANCES, "--seed", "7", "--self-warm", "0", "--graceful-stop", "2s",
                    "--dashboard-port", Integer.toString(dashboard), "--metrics-port", Integer.toString(metrics),
                    "--out", dir.resolve("segment-" + i).toString(), "--quiet"));
        }
        control = new ControlCommand(new PrintStream(controlOut, true, StandardCharsets.UTF_8),
                new PrintStream(controlErr, true, StandardCharsets.UTF_8), Map.of());
        CommandLine cl = new CommandLine(control);
        controlCode = threads.submit(() -> cl.execute("--instances", String.join(",", urls), "--port", "0"));
        await(Duration.ofSeconds(10), this::printed, () -> control.started().isPresent());
        page = control.started().orElseThrow().url();
    }

    @AfterAll
    void stop_everything() throws Exception {
        if (control != null) {
            control.stop();
        }
        for (Future<Integer> run : runs) {
            run.cancel(true);
        }
        threads.shutdownNow();
        threads.awaitTermination(20, TimeUnit.SECONDS);
        if (target != null) {
            target.close();
        }
    }

    @Test
    @Order(1)
    void raising_the_total_from_30_to_60_at_the_control_point_raises_every_instances_active_users_from_10_to_20() throws Exception {
        await(Duration.ofSeconds(30), () -> "every instance's loadgen_active_users at its 10 of 30: " + printed(),
                () -> activeUsers().equals(List.of(10L, 10L, 10L)));
        await(Duration.ofSeconds(10), () -> "the control point to show 30 users running", () -> {
            JsonNode s = status();
            return s.path("running").asInt() == 30 && s.path("target").asDouble() == 30;
        });

        long t0 = System.nanoTime();
        HttpResponse<String> r = post("api/users", "{\"users\": 60}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(r.body());
        assertThat(answer.path("message").asText()).isEqualTo("target users set to 60 (20 + 20 + 20 on 3 instances)");
        assertThat(answer.path("instances")).extracting(n -> n.path("segment").asText()).containsExactly("0/3", "1/3", "2/3");
        // an instance's control API takes the whole run's figure and runs its segment's share
        assertThat(answer.path("instances")).extracting(n -> n.path("sent").path("users").asLong()).containsExactly(60L, 60L, 60L);
        assertThat(answer.path("instances")).extracting(n -> n.path("status").asInt()).containsExactly(200, 200, 200);

        await(Duration.ofSeconds(15), () -> "every instance's loadgen_active_users at its 20 of 60", () -> activeUsers().equals(List.of(20L, 20L, 20L)));
        double seconds = (System.nanoTime() - t0) / 1e9;
        await(Duration.ofSeconds(10), () -> "the control point to show 60 users running", () -> {
            JsonNode s = status();
            return s.path("running").asInt() == 60 && s.path("target").asDouble() == 60;
        });
        System.out.printf("ControlIT: every instance's loadgen_active_users at 20 %.1fs after the change at the control point%n", seconds);
        JsonNode s = status();
        assertThat(s.path("instances")).extracting(n -> n.path("share").asLong()).containsExactly(20L, 20L, 20L);
        assertThat(s.path("instances")).extracting(n -> n.path("running").asInt()).containsExactly(20, 20, 20);
        assertThat(s.path("instances")).allSatisfy(n -> assertThat(n.path("reachable").asBoolean()).isTrue());
    }

    @Test
    @Order(2)
    void the_control_page_shows_the_summed_figures_in_chromium() throws Exception {
        try (Browser b = Browser.start()) {
            b.open(page.toString());
            String running = "running users " + status().path("running").asInt();
            b.await(Duration.ofSeconds(15), () -> "the page to show '" + running + "'; it shows " + b.find("#facts").getText(),
                    d -> b.find("#facts").getText().contains(running));
            b.await(Duration.ofSeconds(10), "a row per instance", d -> b.all("#instances tbody tr:not(.empty)").size() == INSTANCES);
            assertThat(b.find("#title").getText()).isEqualTo("loadgen control");
            assertThat(b.find("#instances").getText()).contains("0/3", "1/3", "2/3");
            assertThat(b.find("#instances-note").getText()).contains("highest of the instances'");
            int before = Integer.parseInt(b.find("#chart-users").getAttribute("data-points"));
            b.await(Duration.ofSeconds(10), "the charts to gain points",
                    d -> Integer.parseInt(b.find("#chart-users").getAttribute("data-points")) >= before + 2);
            b.await(Duration.ofSeconds(10), "the endpoint table", d -> b.all("#endpoints tbody tr:not(.empty)").size() == 1);
            assertThat(b.find("#card-users").getText()).contains("60");
            assertThat(b.find("#facts").getText()).contains("target users 60");
            b.screenshot("control");
            assertThat(b.consoleErrors()).isEmpty();
        }
    }

    @Test
    @Order(3)
    void stopping_at_the_control_point_stops_every_instance_which_writes_its_results() throws Exception {
        HttpResponse<String> r = post("api/stop", "{}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        for (int i = 0; i < INSTANCES; i++) {
            assertThat(runs.get(i).get(30, TimeUnit.SECONDS)).as(printed()).isZero();
            JsonNode summary = JSON.readTree(dir.resolve("segment-" + i).resolve("summary.json").toFile());
            assertThat(summary.path("stopReason").asText()).isEqualTo("stopped");
            assertThat(summary.path("users").path("peak").asInt()).isEqualTo(20);
        }
        await(Duration.ofSeconds(10), () -> "the control point to show the run ended", () -> status().path("phase").asText().equals("ended"));
        control.stop();
        assertThat(controlCode.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(controlErr.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
