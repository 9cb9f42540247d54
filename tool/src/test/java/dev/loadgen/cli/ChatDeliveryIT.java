package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgen.config.ConfigLoader;
import dev.loadgen.demo.Demo;
import dev.loadgen.demo.DemoSettings;
import dev.loadgen.demo.RunningDemo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chatters over real WebSockets: delivery is measured, nothing is lost when nothing is dropped, and a known loss is found. */
class ChatDeliveryIT {
    @TempDir
    Path dir;

    private JsonNode run(String yaml) throws Exception {
        Path config = dir.resolve("chat.yaml");
        Files.writeString(config, yaml);
        Path out = dir.resolve("results-" + System.nanoTime());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Runner(new RunRequest(Optional.of(config), List.of(), List.of(
                ConfigLoader.FlagValue.of("output.dir", out.toString(), "--out"),
                ConfigLoader.FlagValue.of("output.quiet", "true", "--quiet")), false),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run();
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    }

    private static String config(RunningDemo demo, URI chat, String timeout) {
        return """
                target: {auth: %s, users: %s, posts: %s, chat: %s}
                load: {users: 12, ramp: 24/s, duration: 8s, graceful-stop: 10s}
                users:
                  mix: {talker: 1}
                  think: 100ms
                personas:
                  talker:                  # stays in the rooms for the whole run, so every delivery settles
                    flow:
                      start: {chat.talk: 1}
                      chat.talk: {chat.talk: 0.995, end: 0.005}
                pools:
                  rooms: {count: 2, value: "room-${n}"}
                sockets:                   # the demo scenario's chat socket, with this test's delivery timeout
                  chat:
                    url: chat /chat/ws
                    name: WS /chat/ws
                    auth: true
                    keep: session
                    track: {id: clientId, group: room, joined: {type: joined}, leave: {type: leave, room: "${group}"}, timeout: %s}
                seed: 11
                """.formatted(demo.authUrl(), demo.usersUrl(), demo.postsUrl(), chat, timeout);
    }

    @Test
    void on_a_healthy_demo_every_message_reaches_every_member_and_both_paths_are_timed() throws Exception {
        try (RunningDemo demo = Demo.start(DemoSettings.defaults().withBasePort(0).withPasswordIterations(1000))) {
            JsonNode s = run(config(demo, demo.chatUrl(), "5s"));
            JsonNode ws = s.path("ws");
            assertThat(ws.path("byPath").path("echo").path("count").asLong()).isGreaterThan(50);
            assertThat(ws.path("byPath").path("peer").path("count").asLong()).isGreaterThan(50);
            assertThat(ws.path("lost").asLong()).isZero();
            assertThat(ws.path("lossRate").asDouble()).isZero();
            assertThat(ws.path("deliveryMs").path("p50").asDouble()).isPositive();
            assertThat(s.path("users").path("byPersona").path("talker").asLong()).isEqualTo(12);
            assertThat(s.path("sessions").path("byPersona").path("talker").path("abandoned").asLong()).isPositive();
        }
    }

    @Test
    void a_service_that_drops_one_message_in_four_is_reported_with_that_loss_rate() throws Exception {
        try (RunningDemo demo = Demo.start(DemoSettings.defaults().withBasePort(0).withPasswordIterations(1000));
             LossyChat chat = new LossyChat(4)) {
            JsonNode s = run(config(demo, chat.url(), "1s"));
            JsonNode ws = s.path("ws");
            assertThat(chat.dropped()).isGreaterThan(40);
            assertThat(ws.path("lost").asLong()).isPositive();
            assertThat(ws.path("lossRate").asDouble()).isCloseTo(0.25, within(0.04));
        }
    }
}
