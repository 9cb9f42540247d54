package dev.loadgen.demo;

import static dev.loadgen.demo.support.Http.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadgen.demo.support.Http;
import dev.loadgen.demo.support.Http.Resp;
import dev.loadgen.demo.support.MutableClock;
import dev.loadgen.demo.support.TestDemo;
import dev.loadgen.demo.support.Users;
import dev.loadgen.demo.support.Users.User;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every auth row of DESIGN.md §5, success and each error status, over real sockets. */
class AuthContractTest {
    static final MutableClock clock = new MutableClock();
    static RunningDemo demo;
    static URI auth;

    @BeforeAll
    static void start() throws Exception {
        demo = Demo.start(TestDemo.settings().withClock(clock).withTokenTtl(Duration.ofMinutes(15)));
        auth = demo.authUrl();
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    @Test
    void register_answers_201_with_the_id_and_creates_the_profile_in_users() {
        String name = Users.uniqueName("reg");
        Resp r = Http.post(auth, "/auth/register", obj("username", name, "password", "password1", "email", "a@b.co"));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("username").asText()).isEqualTo(name);
        String id = r.json().get("userId").asText();
        assertThat(id).isNotBlank();
        Resp profile = Http.get(demo.usersUrl(), "/users/" + id);
        assertThat(profile.status()).isEqualTo(200);
        assertThat(profile.json().get("username").asText()).isEqualTo(name);
    }

    @Test
    void register_twice_with_one_username_answers_409() {
        String name = Users.uniqueName("dup");
        Object body = obj("username", name, "password", "password1", "email", "a@b.co");
        assertThat(Http.post(auth, "/auth/register", body).status()).isEqualTo(201);
        Resp again = Http.post(auth, "/auth/register", body);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.error()).startsWith("username");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"password\":\"password1\",\"email\":\"a@b.co\"}|username",
        "{\"username\":\"ab\",\"password\":\"password1\",\"email\":\"a@b.co\"}|username",
        "{\"username\":\"has space\",\"password\":\"password1\",\"email\":\"a@b.co\"}|username",
        "{\"username\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"password\":\"password1\",\"email\":\"a@b.co\"}|username",
        "{\"username\":\"okname\",\"password\":\"short\",\"email\":\"a@b.co\"}|password",
        "{\"username\":\"okname\",\"password\":\"password1\"}|email",
        "{\"username\":\"okname\",\"password\":\"password1\",\"email\":\"not-an-email\"}|email",
        "{\"username\":\"okname\",\"password\":123456789,\"email\":\"a@b.co\"}|password",
        "{\"username\":|body",
        "[1,2]|body"})
    void register_with_bad_input_answers_400_naming_the_field(String body, String field) {
        Resp r = Http.post(auth, "/auth/register", body);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).startsWith(field + ":");
    }

    @Test
    void register_refuses_a_password_over_128_characters() {
        Resp r = Http.post(auth, "/auth/register", obj("username", Users.uniqueName("pw"), "password", "x".repeat(129),
                "email", "a@b.co"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).startsWith("password:");
    }

    @Test
    void login_answers_tokens_and_the_ttl_in_seconds() {
        User u = Users.create(demo, "login");
        Resp r = Http.post(auth, "/auth/login", obj("username", u.username(), "password", u.password()));
        assertThat(r.status()).isEqualTo(200);
        JsonNode j = r.json();
        assertThat(j.get("accessToken").asText()).contains(".");
        assertThat(j.get("refreshToken").asText()).hasSizeGreaterThan(20);
        assertThat(j.get("expiresIn").asLong()).isEqualTo(900);
    }

    @Test
    void login_with_a_wrong_password_or_unknown_user_answers_401_and_a_missing_field_400() {
        User u = Users.create(demo, "badlogin");
        assertThat(Http.post(auth, "/auth/login", obj("username", u.username(), "password", "wrong-pass")).status())
                .isEqualTo(401);
        assertThat(Http.post(auth, "/auth/login", obj("username", "nobody-here", "password", "wrong-pass")).status())
                .isEqualTo(401);
        Resp missing = Http.post(auth, "/auth/login", obj("username", u.username()));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.error()).startsWith("password:");
    }

    @Test
    void refresh_rotates_and_the_old_refresh_token_stops_working() {
        User u = Users.create(demo, "refresh");
        Resp r = Http.post(auth, "/auth/refresh", obj("refreshToken", u.refreshToken()));
        assertThat(r.status()).isEqualTo(200);
        String next = r.json().get("refreshToken").asText();
        assertThat(next).isNotEqualTo(u.refreshToken());
        assertThat(Http.get(auth, "/auth/me", Http.bearer(r.json().get("accessToken").asText())).status()).isEqualTo(200);
        assertThat(Http.post(auth, "/auth/refresh", obj("refreshToken", u.refreshToken())).status()).isEqualTo(401);
        assertThat(Http.post(auth, "/auth/refresh", obj("refreshToken", next)).status()).isEqualTo(200);
        assertThat(Http.post(auth, "/auth/refresh", obj("refreshToken", "made-up")).status()).isEqualTo(401);
    }

    @Test
    void me_answers_the_user_of_the_token_and_401_without_a_valid_one() {
        User u = Users.create(demo, "me");
        Resp r = Http.get(auth, "/auth/me", u.bearer());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("userId").asText()).isEqualTo(u.id());
        assertThat(r.json().get("username").asText()).isEqualTo(u.username());
        assertThat(Http.get(auth, "/auth/me").status()).isEqualTo(401);
        assertThat(Http.get(auth, "/auth/me", Http.bearer("not.a.jwt")).status()).isEqualTo(401);
        String forged = u.accessToken().substring(0, u.accessToken().length() - 2) + "xx";
        assertThat(Http.get(auth, "/auth/me", Http.bearer(forged)).status()).isEqualTo(401);
    }

    @Test
    void logout_revokes_the_access_token_and_the_refresh_tokens() {
        User u = Users.create(demo, "logout");
        assertThat(Http.post(auth, "/auth/logout", null, u.bearer()).status()).isEqualTo(204);
        assertThat(Http.get(auth, "/auth/me", u.bearer()).status()).isEqualTo(401);
        assertThat(Http.post(auth, "/auth/introspect", obj("token", u.accessToken())).json().get("active").asBoolean())
                .isFalse();
        assertThat(Http.post(auth, "/auth/refresh", obj("refreshToken", u.refreshToken())).status()).isEqualTo(401);
        assertThat(Http.post(auth, "/auth/logout", null, u.bearer()).status()).isEqualTo(401);
        assertThat(Http.post(auth, "/auth/logout", null).status()).isEqualTo(401);
    }

    @Test
    void introspect_says_active_with_the_user_and_400_without_a_token() {
        User u = Users.create(demo, "intro");
        JsonNode active = Http.post(auth, "/auth/introspect", obj("token", u.accessToken())).json();
        assertThat(active.get("active").asBoolean()).isTrue();
        assertThat(active.get("userId").asText()).isEqualTo(u.id());
        Resp garbage = Http.post(auth, "/auth/introspect", obj("token", "garbage"));
        assertThat(garbage.status()).isEqualTo(200);
        assertThat(garbage.json().get("active").asBoolean()).isFalse();
        assertThat(garbage.json().has("userId")).isFalse();
        assertThat(Http.post(auth, "/auth/introspect", obj("nothing", 1)).status()).isEqualTo(400);
    }

    @Test
    void access_tokens_expire_after_the_ttl_everywhere() {
        User u = Users.create(demo, "expiry");
        assertThat(Http.get(auth, "/auth/me", u.bearer()).status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(16));
        assertThat(Http.get(auth, "/auth/me", u.bearer()).status()).isEqualTo(401);
        assertThat(Http.post(demo.postsUrl(), "/posts", obj("body", "hi"), u.bearer()).status()).isEqualTo(401);
        Resp fresh = Http.post(auth, "/auth/refresh", obj("refreshToken", u.refreshToken()));
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(Http.get(auth, "/auth/me", Http.bearer(fresh.json().get("accessToken").asText())).status())
                .isEqualTo(200);
    }
}
