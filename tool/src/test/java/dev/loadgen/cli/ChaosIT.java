package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgen.config.ConfigLoader;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chaos against the demo app in this process: each fault kind reaches the wire (the demo, or a fixture,
 * sees it and reacts as it should), is counted under its kind with its request marked chaos, and leaves
 * the target's own error count at zero.
 */
class ChaosIT {
    private static final Path ROOT = Path.of(System.getProperty("loadgen.root", ".."));

    @TempDir
    Path dir;

    private record Run(int code, JsonNode summary, String stdout, String stderr) {}

    private Run run(Optional<Path> config, List<String> sets) throws Exception {
        Path out = dir.resolve("results-" + System.nanoTime());
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = new Runner(new RunRequest(config, sets, List.of(
                ConfigLoader.FlagValue.of("output.dir", out.toString(), "--out"),
                ConfigLoader.FlagValue.of("output.quiet", "true", "--quiet"),
                ConfigLoader.FlagValue.of("observe.metrics-port", "0", "--metrics-port")), false),
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8)).run();
        return new Run(code, new ObjectMapper().readTree(out.resolve("summary.json").toFile()),
                stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    }

    private Run run(String yaml) throws Exception {
        Path config = dir.resolve("chaos-" + System.nanoTime() + ".yaml");
        Files.writeString(config, yaml);
        return run(Optional.of(config), List.of());
    }

    private static JsonNode endpoint(JsonNode summary, String name) {
        for (JsonNode e : summary.path("endpoints")) {
            if (e.path("endpoint").asText().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no endpoint " + name + " in " + summary.path("endpoints"));
    }

    private static Map<String, Long> served(RunningDemo demo) {
        Map<String, Long> out = new HashMap<>();
        for (ServiceName s : ServiceName.values()) {
            for (ServedCount c : demo.served(s)) {
                out.merge(c.method() + " " + c.route() + " " + c.status(), c.count(), Long::sum);
            }
        }
        return out;
    }

    /** Every request of the endpoint carried the fault, was marked chaos, got this status, and the target reacted as expected. */
    private static void allInjected(JsonNode s, String endpoint, String kind, int status) {
        JsonNode e = endpoint(s, endpoint);
        long count = e.path("count").asLong();
        assertThat(count).as("%s had traffic", endpoint).isPositive();
        assertThat(e.path("byOutcome").path("chaos").asLong()).as("%s marked chaos", endpoint).isEqualTo(count);
        if (status > 0) {
            assertThat(e.path("byStatus").path(Integer.toString(status)).asLong()).as("%s answered %d", endpoint, status).isEqualTo(count);
        } else {
            assertThat(e.path("byStatus").size()).as("%s got no response", endpoint).isZero();
        }
        assertThat(s.path("chaos").path("byKind").path(kind).asLong()).as("%s counted", kind).isEqualTo(count);
        assertThat(s.path("chaos").path("reactions").path(kind).path("expected").asLong()).as("%s expected reactions", kind).isEqualTo(count);
        assertThat(s.path("chaos").path("reactions").path(kind).path("unexpected").asLong()).as("%s unexpected reactions", kind).isZero();
    }

    @Test
    void every_request_fault_reaches_the_demo_and_is_counted_under_its_kind() throws Exception {
        try (RunningDemo demo = Demo.start(DemoSettings.defaults().withBasePort(0).withPasswordIterations(1000))) {
            Run r = run("""
                    target: {auth: %s, users: %s, posts: %s, chat: %s}
                    load: {users: 8, ramp: 16/s, duration: 8s, graceful-stop: 20s}
                    users:
                      think: 40ms
                      session: {actions: 15, gap: 50ms}
                      actions:
                        users: {view: 2, update: 1}
                        posts: {feed: 2, read: 2, list: 1, create: 2, like: 1, comment: 1, comments: 1}
                    chaos:
                      faults:
                        malformed-json: {probability: 1, endpoints: ["POST /posts/{id}/comments"]}
                        oversized-body: {probability: 1, endpoints: ["PUT /users/me"], size: 70000}
                        forged-token: {probability: 1, endpoints: ["GET /feed"]}
                        expired-token: {probability: 1, endpoints: ["POST /posts/{id}/likes"]}
                        server-abort: {probability: 1, endpoints: ["GET /posts/{id}"], status: 418}
                        server-delay: {probability: 1, endpoints: ["GET /users/{id}"], delay: 300ms}
                        delay: {probability: 1, endpoints: ["GET /posts/{id}/comments"], delay: 300ms}
                        slow-upload: {probability: 1, endpoints: ["POST /posts"], bytes-per-second: 100}
                        abort: {probability: 1, endpoints: ["GET /posts"]}
                    thresholds: ["errors.rate < 1%%", "errors-and-chaos.rate > 20%%"]
                    seed: 5
                    """.formatted(demo.authUrl(), demo.usersUrl(), demo.postsUrl(), demo.chatUrl()));
            assertThat(r.code()).as(r.stderr() + r.stdout()).isZero();
            JsonNode s = r.summary();
            Map<String, Long> served = served(demo);

            allInjected(s, "POST /posts/{id}/comments", "malformed-json", 400);
            assertThat(served.get("POST /posts/{id}/comments 400")).isEqualTo(endpoint(s, "POST /posts/{id}/comments").path("count").asLong());
            allInjected(s, "PUT /users/me", "oversized-body", 413);
            assertThat(served.get("PUT /users/me 413")).isEqualTo(endpoint(s, "PUT /users/me").path("count").asLong());
            allInjected(s, "GET /feed", "forged-token", 401);
            assertThat(served.get("GET /feed 401")).isEqualTo(endpoint(s, "GET /feed").path("count").asLong());
            allInjected(s, "POST /posts/{id}/likes", "expired-token", 401);
            allInjected(s, "GET /posts/{id}", "server-abort", 418);
            assertThat(served.get("GET /posts/{id} 418")).isEqualTo(endpoint(s, "GET /posts/{id}").path("count").asLong());

            // delays: visible in latency, within a tolerance
            JsonNode users = endpoint(s, "GET /users/{id}");
            assertThat(users.path("byOutcome").path("chaos").asLong()).isEqualTo(users.path("count").asLong());
            assertThat(users.path("serviceTimeMs").path("p50").asDouble()).as("the demo held the request").isBetween(299.0, 600.0);
            assertThat(s.path("chaos").path("reactions").path("server-delay").path("unexpected").asLong()).isZero();
            JsonNode comments = endpoint(s, "GET /posts/{id}/comments");
            assertThat(comments.path("latencyMs").path("p50").asDouble()).as("paused before sending").isBetween(299.0, 600.0);
            assertThat(comments.path("serviceTimeMs").path("p50").asDouble()).as("but served at once").isLessThan(150.0);
            JsonNode create = endpoint(s, "POST /posts");
            assertThat(create.path("byOutcome").path("chaos").asLong()).isEqualTo(create.path("count").asLong());
            // a post body is 20 bytes or more: at 100 B/s its upload takes 0.2 s or more
            assertThat(create.path("serviceTimeMs").path("p50").asDouble()).as("uploaded slowly").isGreaterThan(150.0);
            assertThat(served.get("POST /posts 201")).isEqualTo(create.path("count").asLong());

            allInjected(s, "GET /posts", "abort", 0);

            assertThat(s.path("totals").path("organicErrors").asLong()).isZero();
            assertThat(s.path("totals").path("chaos").asLong()).isEqualTo(s.path("chaos").path("injected").asLong());
            assertThat(s.path("thresholds").get(0).path("ok").asBoolean()).isTrue();
            assertThat(s.path("thresholds").get(1).path("value").asDouble()).isGreaterThan(0.2);
            assertThat(r.stdout()).contains("errors: none").contains("chaos: ").contains("forged-token ");
        }
    }

    @Test
    void socket_faults_drop_stall_and_burst_the_chat_socket_as_the_server_sees_it() throws Exception {
        try (RunningDemo demo = Demo.start(DemoSettings.defaults().withBasePort(0).withPasswordIterations(1000));
             LossyChat chat = new LossyChat(Integer.MAX_VALUE)) {
            Run r = run("""
                    target: {auth: %s, users: %s, posts: %s, chat: %s}
                    load: {users: 6, ramp: 12/s, duration: 8s, graceful-stop: 10s}
                    users:
                      mix: {talker: 1}
                      think: 100ms
                    personas:
                      talker:
                        flow:
                          start: {chat.talk: 1}
                          chat.talk: {chat.talk: 0.99, end: 0.01}
                    pools:
                      rooms: {count: 2, value: "room-${n}"}
                    chaos:
                      faults:
                        ws-drop: {probability: 0.1}
                        ws-stall: {probability: 0.1, delay: 800ms}
                        reconnect-burst: {probability: 0.1, count: 3}
                    thresholds: ["errors.rate < 1%%"]
                    seed: 3
                    """.formatted(demo.authUrl(), demo.usersUrl(), demo.postsUrl(), chat.url()));
            assertThat(r.code()).as(r.stderr() + r.stdout()).isZero();
            JsonNode s = r.summary();
            JsonNode kinds = s.path("chaos").path("byKind");
            long drops = kinds.path("ws-drop").asLong();
            long bursts = kinds.path("reconnect-burst").asLong();
            assertThat(drops).isPositive();
            assertThat(kinds.path("ws-stall").asLong()).isPositive();
            assertThat(bursts).isPositive();
            // dropped without a close frame: the server saw each as an abnormal closure
            assertThat(chat.closeCodes().getOrDefault(1006, 0L)).as("%s", chat.closeCodes()).isGreaterThanOrEqualTo(drops);
            // the stall: a socket silent for the whole 800 ms between two frames (think time alone is 100 ms)
            assertThat(chat.longestSilenceMillis()).isBetween(800L, 3000L);
            // every reconnect of a burst is a handshake marked chaos, and the burst's sockets were closed normally
            JsonNode ws = endpoint(s, "WS /chat/ws");
            assertThat(ws.path("byOutcome").path("chaos").asLong()).isEqualTo(3 * bursts);
            assertThat(chat.closeCodes().getOrDefault(1000, 0L)).isGreaterThanOrEqualTo(3 * bursts);
            for (String kind : List.of("ws-drop", "ws-stall", "reconnect-burst")) {
                JsonNode reaction = s.path("chaos").path("reactions").path(kind);
                assertThat(reaction.path("expected").asLong()).as(kind).isEqualTo(kinds.path(kind).asLong());
            }
            assertThat(s.path("totals").path("organicErrors").asLong()).isZero();
            // a dropped socket is opened again by its user's next step: a reconnect, timed from the drop (a burst's are not:
            // the user closed those sockets itself)
            JsonNode reconnects = s.path("ws").path("reconnects");
            assertThat(reconnects.path("succeeded").asLong()).as("%s", reconnects).isPositive().isLessThanOrEqualTo(drops);
            assertThat(reconnects.path("attempts").asLong()).isGreaterThanOrEqualTo(reconnects.path("succeeded").asLong());
            assertThat(reconnects.path("timeMs").path("p50").asDouble()).isPositive();
            assertThat(r.stdout()).contains("reconnects: " + reconnects.path("succeeded").asLong() + " of ");
        }
    }

    @Test
    void the_heavy_preset_against_a_healthy_demo_ends_with_zero_organic_errors_and_every_reaction_expected() throws Exception {
        Run r = run(Optional.of(ROOT.resolve("configs/scenarios/chaos-heavy.yaml")), List.of("load.duration=16s", "load.users=12", "load.ramp=4/s"));
        assertThat(r.code()).as(r.stderr() + r.stdout()).isZero();
        JsonNode s = r.summary();
        assertThat(s.path("totals").path("organicErrors").asLong()).isZero();
        assertThat(s.path("totals").path("httpErrors").asLong()).isZero();
        assertThat(s.path("chaos").path("injected").asLong()).isGreaterThanOrEqualTo(10);
        assertThat(s.path("totals").path("chaos").asLong()).isGreaterThanOrEqualTo(10);
        List<String> unexpected = new ArrayList<>();
        s.path("chaos").path("reactions").fields().forEachRemaining(e -> {
            if (e.getValue().path("unexpected").asLong() > 0) {
                unexpected.add(e.getKey() + " " + e.getValue());
            }
        });
        assertThat(unexpected).isEmpty();
        JsonNode organic = s.path("thresholds").get(0);
        assertThat(organic.path("expression").asText()).isEqualTo("errors.rate < 1%");
        assertThat(organic.path("ok").asBoolean()).isTrue();
        assertThat(organic.path("value").asDouble()).isZero();
        assertThat(r.stdout()).contains("errors: none").containsPattern("chaos: \\d+ faults injected");
    }
}
