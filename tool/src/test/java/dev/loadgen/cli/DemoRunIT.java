package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgen.demo.Demo;
import dev.loadgen.demo.DemoSettings;
import dev.loadgen.demo.RunningDemo;
import dev.loadgen.demo.ServiceName;
import dev.loadgen.demo.shared.ServedCount;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short run against the demo app in this process: every endpoint of every service gets traffic, and
 * what loadgen counted per endpoint and status is exactly what the demo served.
 */
class DemoRunIT {
    @TempDir
    Path dir;

    @Test
    void a_short_run_hits_every_endpoint_and_counts_exactly_what_the_demo_served() throws Exception {
        try (RunningDemo demo = Demo.start(DemoSettings.defaults().withBasePort(0).withPasswordIterations(1000))) {
            Path config = dir.resolve("config.yaml");
            StringBuilder actions = new StringBuilder();
            for (String a : List.of("auth: {me: 1, refresh: 1}",
                    "users: {view: 1, search: 1, follow: 1, unfollow: 1, following: 1, update: 1}",
                    "posts: {feed: 2, read: 1, list: 1, create: 2, edit: 1, delete: 1, like: 1, comment: 1, comments: 1}",
                    "chat: {rooms: 1, history: 1, talk: 2}")) {
                actions.append("    ").append(a).append('\n');
            }
            Files.writeString(config, """
                    target:
                      auth: %s
                      users: %s
                      posts: %s
                      chat: %s
                    load:
                      users: 10
                      ramp: 20/s
                      duration: 8s
                      graceful-stop: 20s
                    users:
                      think: 40ms
                      session: {actions: 12, gap: 50ms}
                      actions:
                    %s
                    seed: 42
                    """.formatted(demo.authUrl(), demo.usersUrl(), demo.postsUrl(), demo.chatUrl(), actions));
            Path out = dir.resolve("results");
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            RunRequest request = new RunRequest(Optional.of(config), List.of(), List.of(
                    dev.loadgen.config.ConfigLoader.FlagValue.of("output.dir", out.toString(), "--out"),
                    dev.loadgen.config.ConfigLoader.FlagValue.of("output.quiet", "true", "--quiet")), false);
            int code = new Runner(request, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                    new PrintStream(stderr, true, StandardCharsets.UTF_8)).run();
            assertThat(code).as(stderr.toString(StandardCharsets.UTF_8)).isZero();

            JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
            Map<String, Long> counted = new TreeMap<>();
            for (JsonNode e : summary.path("endpoints")) {
                String name = e.path("endpoint").asText().replace("WS ", "GET ");
                e.path("byStatus").fields().forEachRemaining(f -> counted.put(name + " " + f.getKey(), f.getValue().asLong()));
                long statuses = 0;
                for (JsonNode v : e.path("byStatus")) {
                    statuses += v.asLong();
                }
                assertThat(statuses).as("every request of %s got a status", name).isEqualTo(e.path("count").asLong());
            }
            Map<String, Long> served = new TreeMap<>();
            for (ServiceName s : ServiceName.values()) {
                for (ServedCount c : demo.served(s)) {
                    served.merge(c.method() + " " + c.route() + " " + c.status(), c.count(), Long::sum);
                }
            }
            // what the services asked each other, which loadgen does not see
            long feeds = counted.getOrDefault("GET /feed 200", 0L);
            long internalFollowing = served.getOrDefault("GET /users/{id}/following 200", 0L) - counted.getOrDefault("GET /users/{id}/following 200", 0L);
            assertThat(internalFollowing).as("one following lookup per feed page").isEqualTo(feeds);
            assertThat(served.get("POST /auth/introspect 200")).as("one token check per socket").isEqualTo(counted.get("GET /chat/ws 101"));
            assertThat(served.entrySet().stream().filter(e -> e.getKey().startsWith("PUT /internal/users/{id} 2")).mapToLong(Map.Entry::getValue).sum())
                    .as("one profile per sign-up").isEqualTo(counted.get("POST /auth/register 201"));
            Map<String, Long> external = new HashMap<>(served);
            external.keySet().removeIf(k -> k.contains("/internal/") || k.contains("/auth/introspect") || k.contains("/health") || k.contains("/metrics"));
            external.put("GET /users/{id}/following 200", served.get("GET /users/{id}/following 200") - feeds);
            external.values().removeIf(v -> v == 0);
            assertThat(counted).isEqualTo(external);

            assertThat(summary.path("endpoints").size()).as("every endpoint had traffic").isEqualTo(23);
            assertThat(summary.path("totals").path("requests").asLong()).isGreaterThan(500);
            assertThat(summary.path("ws").path("sent").asLong()).isPositive();
            assertThat(summary.path("sessions").path("completed").asLong()).isPositive();

            // record first, render later: the timeline adds up to exactly what summary.json counts
            Map<String, Long> perSecond = new TreeMap<>();
            List<String> lines = Files.readAllLines(out.resolve("timeline.jsonl"));
            for (String line : lines) {
                for (JsonNode e : new ObjectMapper().readTree(line).path("endpoints")) {
                    perSecond.merge(e.path("endpoint").asText(), e.path("count").asLong(), Long::sum);
                }
            }
            Map<String, Long> total = new TreeMap<>();
            summary.path("endpoints").forEach(e -> total.put(e.path("endpoint").asText(), e.path("count").asLong()));
            assertThat(perSecond).isEqualTo(total);
            assertThat(lines.size()).as("one line a second, and the last").isBetween(8, 40);
            assertThat(new ObjectMapper().readTree(lines.getLast()).path("last").asBoolean()).isTrue();
            assertThat(out.resolve("report.html")).isNotEmptyFile();
            // junit.xml: the run's checks as test cases (this config has no thresholds), none failed
            String junit = Files.readString(out.resolve("junit.xml"));
            assertThat(junit).contains("<testsuite name=\"loadgen thresholds\"").contains("tests=\"0\"")
                    .contains("<property name=\"seed\" value=\"42\"").doesNotContain("<failure");
        }
    }
}
