package dev.loadgen.demo;

import static dev.loadgen.demo.support.Http.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadgen.demo.support.Http;
import dev.loadgen.demo.support.Http.Resp;
import dev.loadgen.demo.support.TestDemo;
import dev.loadgen.demo.support.Users;
import dev.loadgen.demo.support.Users.User;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every users row of DESIGN.md §5, and the internal route auth uses. */
class UsersContractTest {
    static RunningDemo demo;
    static URI users;

    @BeforeAll
    static void start() throws Exception {
        demo = Demo.start(TestDemo.settings());
        users = demo.usersUrl();
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    @Test
    void profile_has_the_contract_shape_and_unknown_ids_are_404() {
        User u = Users.create(demo, "prof");
        JsonNode p = Http.get(users, "/users/" + u.id()).json();
        assertThat(p.get("id").asText()).isEqualTo(u.id());
        assertThat(p.get("username").asText()).isEqualTo(u.username());
        assertThat(p.get("displayName").asText()).isEqualTo(u.username());
        assertThat(p.get("bio").asText()).isEmpty();
        assertThat(p.get("followers").asInt()).isZero();
        assertThat(p.get("following").asInt()).isZero();
        assertThat(Http.get(users, "/users/u-nobody").status()).isEqualTo(404);
    }

    @Test
    void put_me_updates_display_name_and_bio() {
        User u = Users.create(demo, "putme");
        Resp r = Http.put(users, "/users/me", obj("displayName", "Ann Example", "bio", "hello"), u.bearer());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("displayName").asText()).isEqualTo("Ann Example");
        assertThat(r.json().get("bio").asText()).isEqualTo("hello");
        assertThat(Http.get(users, "/users/" + u.id()).json().get("bio").asText()).isEqualTo("hello");
    }

    @Test
    void put_me_answers_400_past_the_limits_and_401_without_a_token() {
        User u = Users.create(demo, "putbad");
        Resp bio = Http.put(users, "/users/me", obj("bio", "b".repeat(501)), u.bearer());
        assertThat(bio.status()).isEqualTo(400);
        assertThat(bio.error()).startsWith("bio:");
        Resp name = Http.put(users, "/users/me", obj("displayName", "d".repeat(101)), u.bearer());
        assertThat(name.status()).isEqualTo(400);
        assertThat(name.error()).startsWith("displayName:");
        assertThat(Http.put(users, "/users/me", obj("bio", "b".repeat(500)), u.bearer()).status()).isEqualTo(200);
        assertThat(Http.put(users, "/users/me", obj("bio", "x")).status()).isEqualTo(401);
    }

    @Test
    void follow_is_idempotent_and_counts_both_sides() {
        User a = Users.create(demo, "fa");
        User b = Users.create(demo, "fb");
        assertThat(Http.post(users, "/users/" + b.id() + "/follow", null, a.bearer()).status()).isEqualTo(204);
        assertThat(Http.post(users, "/users/" + b.id() + "/follow", null, a.bearer()).status()).isEqualTo(204);
        assertThat(Http.get(users, "/users/" + b.id()).json().get("followers").asInt()).isEqualTo(1);
        assertThat(Http.get(users, "/users/" + a.id()).json().get("following").asInt()).isEqualTo(1);
        JsonNode following = Http.get(users, "/users/" + a.id() + "/following").json();
        assertThat(following.isArray()).isTrue();
        assertThat(following.size()).isEqualTo(1);
        assertThat(following.get(0).asText()).isEqualTo(b.id());
    }

    @Test
    void follow_errors_are_401_404_and_400_for_yourself() {
        User a = Users.create(demo, "fe");
        assertThat(Http.post(users, "/users/" + a.id() + "/follow", null).status()).isEqualTo(401);
        assertThat(Http.post(users, "/users/u-nobody/follow", null, a.bearer()).status()).isEqualTo(404);
        Resp self = Http.post(users, "/users/" + a.id() + "/follow", null, a.bearer());
        assertThat(self.status()).isEqualTo(400);
        assertThat(self.error()).startsWith("id:");
    }

    @Test
    void unfollow_is_idempotent_and_errors_are_401_and_404() {
        User a = Users.create(demo, "ua");
        User b = Users.create(demo, "ub");
        Http.post(users, "/users/" + b.id() + "/follow", null, a.bearer());
        assertThat(Http.delete(users, "/users/" + b.id() + "/follow", a.bearer()).status()).isEqualTo(204);
        assertThat(Http.delete(users, "/users/" + b.id() + "/follow", a.bearer()).status()).isEqualTo(204);
        assertThat(Http.get(users, "/users/" + b.id()).json().get("followers").asInt()).isZero();
        assertThat(Http.get(users, "/users/" + a.id() + "/following").json().size()).isZero();
        assertThat(Http.delete(users, "/users/" + b.id() + "/follow").status()).isEqualTo(401);
        assertThat(Http.delete(users, "/users/u-nobody/follow", a.bearer()).status()).isEqualTo(404);
    }

    @Test
    void following_of_an_unknown_user_is_404() {
        assertThat(Http.get(users, "/users/u-nobody/following").status()).isEqualTo(404);
    }

    @Test
    void search_finds_usernames_by_prefix_up_to_the_limit() {
        String prefix = Users.uniqueName("srch");
        for (int i = 0; i < 3; i++) {
            Http.post(demo.authUrl(), "/auth/register",
                    obj("username", prefix + "x" + i, "password", "password1", "email", "s@e.co"));
        }
        JsonNode all = Http.get(users, "/users?q=" + prefix).json();
        assertThat(all.size()).isEqualTo(3);
        assertThat(all.get(0).get("username").asText()).isEqualTo(prefix + "x0");
        assertThat(all.get(0).has("followers")).isTrue();
        assertThat(Http.get(users, "/users?q=" + prefix + "&limit=2").json().size()).isEqualTo(2);
        assertThat(Http.get(users, "/users?q=zzz-no-such-prefix").json().size()).isZero();
    }

    @Test
    void search_needs_q_of_1_to_32_characters_and_a_limit_of_1_to_100() {
        assertThat(Http.get(users, "/users").status()).isEqualTo(400);
        assertThat(Http.get(users, "/users?q=").status()).isEqualTo(400);
        assertThat(Http.get(users, "/users?q=" + "a".repeat(33)).status()).isEqualTo(400);
        Resp limit = Http.get(users, "/users?q=a&limit=101");
        assertThat(limit.status()).isEqualTo(400);
        assertThat(limit.error()).startsWith("limit:");
        assertThat(Http.get(users, "/users?q=a&limit=0").status()).isEqualTo(400);
        assertThat(Http.get(users, "/users?q=a&limit=abc").status()).isEqualTo(400);
    }

    @Test
    void the_internal_route_needs_a_token_of_the_user_it_creates() {
        User a = Users.create(demo, "int");
        assertThat(Http.put(users, "/internal/users/u-other", obj("username", a.username()), a.bearer()).status())
                .isEqualTo(403);
        assertThat(Http.put(users, "/internal/users/" + a.id(), obj("username", a.username())).status())
                .isEqualTo(401);
        assertThat(Http.put(users, "/internal/users/" + a.id(), obj("username", a.username()), a.bearer()).status())
                .isEqualTo(200);
    }

    @Test
    void an_answer_given_before_the_body_came_closes_the_connection_and_says_so() throws Exception {
        try (java.net.Socket socket = new java.net.Socket(users.getHost(), users.getPort())) {
            socket.setSoTimeout(10_000);
            // headers only: the body is promised but never sent, and no token comes with it
            socket.getOutputStream().write(("PUT /internal/users/u-x HTTP/1.1\r\nHost: " + users.getHost() + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 16\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            java.io.BufferedReader in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("HTTP/1.1 401");
            java.util.List<String> headers = new java.util.ArrayList<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                headers.add(line.toLowerCase(java.util.Locale.ROOT));
            }
            assertThat(headers).contains("connection: close");
        }
    }
}
