package dev.loadgen.demo;

import static dev.loadgen.demo.support.Http.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadgen.demo.support.ChatClient;
import dev.loadgen.demo.support.Http;
import dev.loadgen.demo.support.TestDemo;
import dev.loadgen.demo.support.Users;
import dev.loadgen.demo.support.Users.User;
import java.net.URI;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The chat routes and every frame of DESIGN.md §5, over real WebSockets. */
class ChatContractTest {
    static RunningDemo demo;
    static URI chat;

    @BeforeAll
    static void start() throws Exception {
        demo = Demo.start(TestDemo.settings());
        chat = demo.chatUrl();
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    static JsonNode join(ChatClient c, String room) {
        c.send(obj("type", "join", "room", room));
        JsonNode joined = c.next();
        assertThat(joined.get("type").asText()).isEqualTo("joined");
        assertThat(joined.get("room").asText()).isEqualTo(room);
        return joined;
    }

    @Test
    void join_answers_joined_with_the_member_count() {
        User a = Users.create(demo, "cja");
        User b = Users.create(demo, "cjb");
        try (ChatClient ca = ChatClient.connect(chat, a.accessToken());
                ChatClient cb = ChatClient.connectQuery(chat, "?token=" + b.accessToken())) {
            assertThat(join(ca, "room-join").get("members").asInt()).isEqualTo(1);
            assertThat(join(cb, "room-join").get("members").asInt()).isEqualTo(2);
        }
    }

    @Test
    void a_message_reaches_every_member_the_sender_included_with_its_client_id() {
        User a = Users.create(demo, "cma");
        User b = Users.create(demo, "cmb");
        try (ChatClient ca = ChatClient.connect(chat, a.accessToken());
                ChatClient cb = ChatClient.connect(chat, b.accessToken())) {
            join(ca, "room-msg");
            join(cb, "room-msg");
            ca.send(obj("type", "message", "room", "room-msg", "text", "hi all", "clientId", "c1"));
            for (ChatClient c : new ChatClient[] {ca, cb}) {
                JsonNode m = c.next();
                assertThat(m.get("type").asText()).isEqualTo("message");
                assertThat(m.get("room").asText()).isEqualTo("room-msg");
                assertThat(m.get("from").asText()).isEqualTo(a.id());
                assertThat(m.get("text").asText()).isEqualTo("hi all");
                assertThat(m.get("id").isTextual()).isTrue();
                assertThat(m.get("clientId").asText()).isEqualTo("c1");
                assertThat(m.get("ts").asLong()).isGreaterThan(1_700_000_000_000L);
            }
        }
        JsonNode history = Http.get(chat, "/chat/rooms/room-msg/messages").json();
        assertThat(history.size()).isEqualTo(1);
        assertThat(history.get(0).get("text").asText()).isEqualTo("hi all");
    }

    @Test
    void typing_goes_to_the_other_members_and_not_back_to_the_sender() {
        User a = Users.create(demo, "cta");
        User b = Users.create(demo, "ctb");
        try (ChatClient ca = ChatClient.connect(chat, a.accessToken());
                ChatClient cb = ChatClient.connect(chat, b.accessToken())) {
            join(ca, "room-typing");
            join(cb, "room-typing");
            ca.send(obj("type", "typing", "room", "room-typing"));
            JsonNode t = cb.next();
            assertThat(t.get("type").asText()).isEqualTo("typing");
            assertThat(t.get("from").asText()).isEqualTo(a.id());
            assertThat(t.get("room").asText()).isEqualTo("room-typing");
            // frames to one socket keep their order: had the typing come back to the sender,
            // it would arrive before the sender's own copy of this message
            ca.send(obj("type", "message", "room", "room-typing", "text", "done", "clientId", "c2"));
            assertThat(ca.next().get("type").asText()).isEqualTo("message");
            assertThat(cb.next().get("type").asText()).isEqualTo("message");
        }
    }

    @Test
    void leave_gets_no_reply_and_the_member_stops_receiving_the_room() {
        User a = Users.create(demo, "cla");
        User b = Users.create(demo, "clb");
        try (ChatClient ca = ChatClient.connect(chat, a.accessToken());
                ChatClient cb = ChatClient.connect(chat, b.accessToken())) {
            join(ca, "room-leave");
            join(cb, "room-leave");
            cb.send(obj("type", "leave", "room", "room-leave"));
            cb.send(obj("type", "bogus"));
            assertThat(cb.next().get("type").asText()).as("no reply to leave").isEqualTo("error");
            ca.send(obj("type", "message", "room", "room-leave", "text", "anyone?"));
            assertThat(ca.next().get("type").asText()).isEqualTo("message");
            cb.send(obj("type", "bogus"));
            assertThat(cb.next().get("type").asText()).as("no message after leaving").isEqualTo("error");
        }
        JsonNode rooms = Http.get(chat, "/chat/rooms").json();
        assertThat(rooms.isArray()).isTrue();
    }

    @Test
    void bad_frames_get_an_error_frame_and_the_socket_stays_open() {
        User a = Users.create(demo, "cea");
        try (ChatClient ca = ChatClient.connect(chat, a.accessToken())) {
            String[] bad = {
                "not json",
                "{\"type\":\"dance\"}",
                "{\"room\":\"r\"}",
                "{\"type\":\"join\",\"room\":\"bad room!\"}",
                "{\"type\":\"join\",\"room\":\"" + "r".repeat(65) + "\"}",
                "{\"type\":\"message\",\"room\":\"room-never-joined\",\"text\":\"x\"}",
                "{\"type\":\"typing\",\"room\":\"room-never-joined\"}",
            };
            for (String f : bad) {
                ca.send(f);
                JsonNode e = ca.next();
                assertThat(e.get("type").asText()).as(f).isEqualTo("error");
                assertThat(e.get("message").asText()).isNotBlank();
            }
            join(ca, "room-errors");
            ca.send(obj("type", "message", "room", "room-errors", "text", ""));
            assertThat(ca.next().get("message").asText()).startsWith("text:");
            ca.send(obj("type", "message", "room", "room-errors", "text", "x".repeat(2001)));
            assertThat(ca.next().get("message").asText()).startsWith("text:");
            ca.send(obj("type", "message", "room", "room-errors", "text", "still here"));
            assertThat(ca.next().get("text").asText()).isEqualTo("still here");
        }
    }

    @Test
    void a_bad_or_missing_token_is_accepted_then_closed_with_1008() {
        try (ChatClient c = ChatClient.connectQuery(chat, "?token=forged.token.here")) {
            assertThat(c.closeCode()).isEqualTo(1008);
        }
        try (ChatClient c = ChatClient.connectQuery(chat, "")) {
            assertThat(c.closeCode()).isEqualTo(1008);
        }
        assertThat(demo.service(ServiceName.CHAT).served("GET", "/chat/ws", 101)).isGreaterThanOrEqualTo(2);
    }

    @Test
    void rooms_are_listed_with_their_member_counts() {
        User a = Users.create(demo, "crl");
        try (ChatClient ca = ChatClient.connect(chat, a.accessToken())) {
            join(ca, "room-listed");
            JsonNode rooms = Http.get(chat, "/chat/rooms").json();
            JsonNode mine = null;
            for (JsonNode r : rooms) {
                if (r.get("room").asText().equals("room-listed")) {
                    mine = r;
                }
            }
            assertThat(mine).isNotNull();
            assertThat(mine.get("members").asInt()).isEqualTo(1);
        }
    }

    @Test
    void history_gives_the_newest_messages_oldest_first_and_404_for_unknown_rooms() {
        User a = Users.create(demo, "chi");
        try (ChatClient ca = ChatClient.connect(chat, a.accessToken())) {
            join(ca, "room-history");
            for (int i = 0; i < 5; i++) {
                ca.send(obj("type", "message", "room", "room-history", "text", "m" + i));
                ca.next();
            }
        }
        JsonNode last2 = Http.get(chat, "/chat/rooms/room-history/messages?limit=2").json();
        assertThat(last2.size()).isEqualTo(2);
        assertThat(last2.get(0).get("text").asText()).isEqualTo("m3");
        assertThat(last2.get(1).get("text").asText()).isEqualTo("m4");
        assertThat(Http.get(chat, "/chat/rooms/room-history/messages").json().size()).isEqualTo(5);
        assertThat(Http.get(chat, "/chat/rooms/no-such-room/messages").status()).isEqualTo(404);
        assertThat(Http.get(chat, "/chat/rooms/room-history/messages?limit=201").status()).isEqualTo(400);
    }

    @Test
    void a_plain_get_on_the_socket_route_is_400() {
        assertThat(Http.get(chat, "/chat/ws").status()).isEqualTo(400);
    }

    @Test
    void the_socket_is_refused_with_503_when_auth_is_down() throws Exception {
        try (RunningService lonelyChat = Demo.startService(ServiceName.CHAT, TestDemo.settings()
                .withAuthUrl(URI.create("http://127.0.0.1:9")).withDependencyTimeout(java.time.Duration.ofSeconds(1)))) {
            assertThatThrownBy(() -> ChatClient.connect(lonelyChat.url(), "some.token.value"))
                    .isInstanceOf(CompletionException.class)
                    .hasRootCauseMessage("Unexpected HTTP response status code 503");
            assertThat(lonelyChat.served("GET", "/chat/ws", 503)).isEqualTo(1);
        }
    }
}
