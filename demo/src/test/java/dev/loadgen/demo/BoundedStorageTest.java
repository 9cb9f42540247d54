package dev.loadgen.demo;

import static dev.loadgen.demo.support.Http.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadgen.demo.support.ChatClient;
import dev.loadgen.demo.support.Http;
import dev.loadgen.demo.support.TestDemo;
import dev.loadgen.demo.support.Users;
import dev.loadgen.demo.support.Users.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Writes past every cap and checks that each store holds exactly its cap afterwards, that the
 * oldest entries went first, and that the evictions were counted. The expected figures are
 * derived step by step in the comments.
 */
class BoundedStorageTest {
    @Test
    void accounts_and_profiles_stay_at_the_user_cap() throws Exception {
        try (RunningDemo demo = Demo.start(TestDemo.settings().withCap(Cap.USERS, 3))) {
            List<User> users = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                users.add(Users.create(demo, "cap"));
            }
            assertThat(demo.service(ServiceName.AUTH).storeSizes().get("accounts")).isEqualTo(3);
            assertThat(demo.service(ServiceName.USERS).storeSizes().get("profiles")).isEqualTo(3);
            assertThat(demo.service(ServiceName.AUTH).evictions("accounts")).isEqualTo(2);
            assertThat(demo.service(ServiceName.USERS).evictions("profiles")).isEqualTo(2);
            assertThat(Http.get(demo.usersUrl(), "/users/" + users.get(0).id()).status()).isEqualTo(404);
            assertThat(Http.get(demo.usersUrl(), "/users/" + users.get(4).id()).status()).isEqualTo(200);
            assertThat(Http.post(demo.authUrl(), "/auth/login",
                    obj("username", users.get(0).username(), "password", "secret-pw")).status()).isEqualTo(401);
        }
    }

    @Test
    void every_other_store_stays_at_its_cap() throws Exception {
        StorageCaps caps = StorageCaps.all(3).with(Cap.USERS, 20).with(Cap.FOLLOWS, 5).with(Cap.POSTS, 5)
                .with(Cap.COMMENTS, 5).with(Cap.LIKES, 5).with(Cap.PENDING_FRAMES, 1_000);
        try (RunningDemo demo = Demo.start(TestDemo.settings().withCaps(caps))) {
            List<User> u = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                u.add(Users.create(demo, "st"));
            }
            RunningService auth = demo.service(ServiceName.AUTH);
            // 8 logins, 3 kept
            assertThat(auth.storeSizes().get("refresh_tokens")).isEqualTo(3);
            assertThat(auth.evictions("refresh_tokens")).isEqualTo(5);
            for (int i = 0; i < 4; i++) {
                assertThat(Http.post(demo.authUrl(), "/auth/logout", null, u.get(i).bearer()).status()).isEqualTo(204);
            }
            assertThat(auth.storeSizes().get("revoked_tokens")).isEqualTo(3);
            assertThat(auth.evictions("revoked_tokens")).isEqualTo(1);

            follows(demo, u);
            posts(demo, u);
            chat(demo, u);
        }
    }

    /**
     * u4 follows u0..u3: 3 kept per user, u4->u0 dropped. u5 follows u0..u2: 6 edges > 5, so
     * the oldest live edge (u4->u1) goes. Left: u4 {u2, u3}, u5 {u0, u1, u2}.
     */
    private static void follows(RunningDemo demo, List<User> u) {
        for (int t = 0; t < 4; t++) {
            Http.post(demo.usersUrl(), "/users/" + u.get(t).id() + "/follow", null, u.get(4).bearer());
        }
        for (int t = 0; t < 3; t++) {
            Http.post(demo.usersUrl(), "/users/" + u.get(t).id() + "/follow", null, u.get(5).bearer());
        }
        RunningService users = demo.service(ServiceName.USERS);
        assertThat(users.storeSizes().get("follows")).isEqualTo(5);
        assertThat(users.evictions("follows")).isEqualTo(2);
        assertThat(ids(Http.get(demo.usersUrl(), "/users/" + u.get(4).id() + "/following").json()))
                .containsExactly(u.get(2).id(), u.get(3).id());
        assertThat(Http.get(demo.usersUrl(), "/users/" + u.get(2).id()).json().get("followers").asInt()).isEqualTo(2);
    }

    private static void posts(RunningDemo demo, List<User> u) {
        // u4 writes p1..p4: 3 per author, p1 goes. u5 writes q1..q3: 6 > 5 posts, p2 goes.
        List<String> p = new ArrayList<>();
        List<String> q = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            p.add(post(demo, u.get(4), "p" + i));
        }
        for (int i = 0; i < 3; i++) {
            q.add(post(demo, u.get(5), "q" + i));
        }
        RunningService posts = demo.service(ServiceName.POSTS);
        assertThat(posts.storeSizes().get("posts")).isEqualTo(5);
        assertThat(posts.evictions("posts")).isEqualTo(2);
        assertThat(Http.get(demo.postsUrl(), "/posts/" + p.get(0)).status()).isEqualTo(404);
        assertThat(Http.get(demo.postsUrl(), "/posts/" + p.get(1)).status()).isEqualTo(404);
        assertThat(Http.get(demo.postsUrl(), "/posts/" + p.get(2)).status()).isEqualTo(200);

        // 4 comments on q0 keep 3 there; 3 on q1 pass the total of 5, so q0 loses one more.
        for (int i = 0; i < 4; i++) {
            Http.post(demo.postsUrl(), "/posts/" + q.get(0) + "/comments", obj("body", "c" + i), u.get(6).bearer());
        }
        for (int i = 0; i < 3; i++) {
            Http.post(demo.postsUrl(), "/posts/" + q.get(1) + "/comments", obj("body", "d" + i), u.get(6).bearer());
        }
        assertThat(posts.storeSizes().get("comments")).isEqualTo(5);
        assertThat(posts.evictions("comments")).isEqualTo(2);
        JsonNode q0 = Http.get(demo.postsUrl(), "/posts/" + q.get(0) + "/comments").json();
        assertThat(q0.size()).isEqualTo(2);
        assertThat(q0.get(0).get("body").asText()).isEqualTo("c2");
        assertThat(Http.get(demo.postsUrl(), "/posts/" + q.get(0)).json().get("comments").asInt()).isEqualTo(2);

        // u4..u7 like q2: 3 kept per post. u4, u5, u6 like q1: the total of 5 drops u5's like of q2.
        for (int i = 4; i < 8; i++) {
            Http.post(demo.postsUrl(), "/posts/" + q.get(2) + "/likes", null, u.get(i).bearer());
        }
        for (int i = 4; i < 7; i++) {
            Http.post(demo.postsUrl(), "/posts/" + q.get(1) + "/likes", null, u.get(i).bearer());
        }
        assertThat(posts.storeSizes().get("likes")).isEqualTo(5);
        assertThat(posts.evictions("likes")).isEqualTo(2);
        assertThat(Http.get(demo.postsUrl(), "/posts/" + q.get(2)).json().get("likes").asInt()).isEqualTo(2);
        assertThat(Http.get(demo.postsUrl(), "/posts/" + q.get(1)).json().get("likes").asInt()).isEqualTo(3);
    }

    private static void chat(RunningDemo demo, List<User> u) {
        RunningService chat = demo.service(ServiceName.CHAT);
        try (ChatClient a = ChatClient.connect(demo.chatUrl(), u.get(4).accessToken());
                ChatClient b = ChatClient.connect(demo.chatUrl(), u.get(5).accessToken());
                ChatClient c = ChatClient.connect(demo.chatUrl(), u.get(6).accessToken());
                ChatClient d = ChatClient.connect(demo.chatUrl(), u.get(7).accessToken())) {
            for (int r = 1; r <= 4; r++) {
                a.send(obj("type", "join", "room", "r" + r));
                assertThat(a.next().get("type").asText()).isEqualTo("joined");
            }
            assertThat(chat.storeSizes().get("rooms")).isEqualTo(3);
            assertThat(chat.evictions("rooms")).isEqualTo(1);
            assertThat(Http.get(demo.chatUrl(), "/chat/rooms/r1/messages").status()).isEqualTo(404);

            for (int i = 0; i < 4; i++) {
                a.send(obj("type", "message", "room", "r4", "text", "m" + i));
                a.next();
            }
            JsonNode history = Http.get(demo.chatUrl(), "/chat/rooms/r4/messages").json();
            assertThat(history.size()).isEqualTo(3);
            assertThat(history.get(0).get("text").asText()).isEqualTo("m1");
            assertThat(chat.evictions("messages")).isEqualTo(1);

            b.send(obj("type", "join", "room", "r4"));
            assertThat(b.next().get("members").asInt()).isEqualTo(2);   // b is in before c asks, or c may count 2
            c.send(obj("type", "join", "room", "r4"));
            assertThat(c.next().get("members").asInt()).isEqualTo(3);
            d.send(obj("type", "join", "room", "r4"));
            JsonNode full = d.next();
            assertThat(full.get("type").asText()).isEqualTo("error");
            assertThat(full.get("message").asText()).startsWith("room: full");
            assertThat(chat.storeSizes().get("members_per_room")).isEqualTo(3);
        }
    }

    private static String post(RunningDemo demo, User u, String body) {
        return Http.post(demo.postsUrl(), "/posts", obj("body", body), u.bearer()).json().get("id").asText();
    }

    private static List<String> ids(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void caps_have_the_documented_defaults() {
        StorageCaps d = StorageCaps.defaults();
        assertThat(Map.of(Cap.USERS, d.get(Cap.USERS), Cap.POSTS, d.get(Cap.POSTS), Cap.ROOMS, d.get(Cap.ROOMS)))
                .isEqualTo(Map.of(Cap.USERS, 100_000, Cap.POSTS, 50_000, Cap.ROOMS, 500));
    }
}
