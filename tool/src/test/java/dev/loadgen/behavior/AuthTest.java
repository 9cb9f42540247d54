package dev.loadgen.behavior;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.protocol.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Logging in as the scenario's auth section says, in virtual time: on demand, refreshed before the expiry the
 * login gave (or the JWT's own), again after a 401, out at the end of a session; and a cookie session.
 */
class AuthTest {
    private static final String SCENARIO = """
            target: {named: {api: "http://127.0.0.1:9"}}
            users: {actions: {work: 1}}
            variables: {refresh: {}}
            auth:
              account: {user: "u${user.number}", pass: "${random.password}"}
              register: sign-up
              login: log-in
              token: token
              headers: {X-Auth: "${token}"}
              expires-in: ttl
              refresh: {action: renew, before: 10s}
              logout: log-out
            actions:
              sign-up:
                - request: POST api /users
                  json: {user: {name: "${user}", password: "${pass}"}}
              log-in:
                - request: POST api /login
                  json: {credentials: {name: "${user}", password: "${pass}"}}
                  capture: {token: $.data.token, ttl: $.data.ttl, refresh: $.data.refresh}
              renew:
                - request: POST api /renew
                  json: {refresh: "${refresh}"}
                  capture: {token: $.data.token, ttl: $.data.ttl, refresh: $.data.refresh}
              log-out:
                - request: DELETE api /login
                  auth: true
              work:
                - request: GET api /work
                  auth: true
            """;

    private static FakeTarget.Answer tokens(int n) {
        return FakeTarget.Answer.json(200, "{\"data\": {\"token\": \"t" + n + "\", \"ttl\": 60, \"refresh\": \"r" + n + "\"}}");
    }

    @Test
    void a_user_signs_up_logs_in_refreshes_before_expiry_and_logs_out() throws Exception {
        AtomicInteger issued = new AtomicInteger();
        FakeTarget target = new FakeTarget(c -> switch (c.method() + " " + c.uri().getPath()) {
            case "POST /login", "POST /renew" -> tokens(issued.incrementAndGet());
            default -> FakeTarget.Answer.json(200, "{}");
        });
        Harness h = Harness.of(SCENARIO, target, Optional.empty());
        UserState u = h.user(3);
        h.perform("work", u);
        h.clock.advance(Duration.ofSeconds(45));
        h.perform("work", u);
        h.clock.advance(Duration.ofSeconds(6));     // 51 s: within 10 s of the token's 60
        h.perform("work", u);
        h.runtime.endSession(u, true);
        assertThat(target.lines()).containsExactly("POST /users", "POST /login", "GET /work", "GET /work", "POST /renew", "GET /work",
                "DELETE /login");
        assertThat(target.sent.get(2).headers()).containsExactly("X-Auth", "t1");
        assertThat(new String(target.sent.get(4).body(), StandardCharsets.UTF_8)).isEqualTo("{\"refresh\":\"r1\"}");
        assertThat(target.sent.get(5).headers()).containsExactly("X-Auth", "t2");
        assertThat(target.sent.get(6).headers()).containsExactly("X-Auth", "t2");
        // the next session logs in again, without signing up
        h.perform("work", u);
        assertThat(target.lines().subList(7, 9)).containsExactly("POST /login", "GET /work");
    }

    @Test
    void a_login_that_answers_a_token_of_the_wrong_type_or_truncated_json_is_a_failed_check_not_ok() throws Exception {
        AtomicInteger logins = new AtomicInteger();
        FakeTarget target = new FakeTarget(c -> switch (c.method() + " " + c.uri().getPath()) {
            case "POST /login" -> switch (logins.incrementAndGet()) {
                case 1 -> FakeTarget.Answer.json(200, "{\"data\": {\"token\": 12345, \"ttl\": 60, \"refresh\": \"r\"}}");
                case 2 -> FakeTarget.Answer.json(200, "{\"data\": {\"token\": {\"value\": \"t\"}, \"ttl\": 60}}");
                case 3 -> FakeTarget.Answer.json(200, "{\"data\": {\"tok");
                default -> tokens(4);
            };
            default -> FakeTarget.Answer.json(200, "{}");
        });
        Harness h = Harness.of(SCENARIO, target, Optional.empty());
        UserState u = h.user(1);
        for (int i = 0; i < 4; i++) {
            h.perform("work", u);
        }
        dev.loadgen.metrics.EndpointMeter login = h.metrics.endpoints().stream().filter(e -> e.name().equals("POST /login")).findFirst().orElseThrow();
        assertThat(login.outcome(dev.loadgen.metrics.Outcome.CHECK_FAILED)).isEqualTo(3);
        assertThat(login.outcome(dev.loadgen.metrics.Outcome.OK)).isEqualTo(1);
        assertThat(login.errorTexts()).containsOnlyKeys(
                "capture token: $.data.token found a number (12345), not text",
                "capture token: $.data.token found an object ({\"value\":\"t\"}), not text",
                "capture token: $.data.token found nothing (the body is not JSON)");
        // the work waited for a login that worked: no request went out with a wrong token
        assertThat(target.lines()).containsExactly("POST /users", "POST /login", "POST /login", "POST /login", "POST /login", "GET /work");
    }

    @Test
    void a_401_logs_the_user_in_again_and_the_request_is_tried_once_more() throws Exception {
        AtomicInteger issued = new AtomicInteger();
        AtomicInteger works = new AtomicInteger();
        FakeTarget target = new FakeTarget(c -> switch (c.method() + " " + c.uri().getPath()) {
            case "POST /login" -> tokens(issued.incrementAndGet());
            case "GET /work" -> works.incrementAndGet() == 1 ? FakeTarget.Answer.json(401, "{}") : FakeTarget.Answer.json(200, "{}");
            default -> FakeTarget.Answer.json(200, "{}");
        });
        Harness h = Harness.of(SCENARIO, target, Optional.empty());
        h.perform("work", h.user(1));
        assertThat(target.lines()).containsExactly("POST /users", "POST /login", "GET /work", "POST /login", "GET /work");
        assertThat(target.sent.get(4).headers()).containsExactly("X-Auth", "t2");
    }

    @Test
    void the_expiry_can_come_from_the_tokens_own_jwt_exp() throws Exception {
        long exp = java.time.Instant.now().getEpochSecond() + 30;
        String jwt = "e30." + Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"exp\":" + exp + "}").getBytes()) + ".sig";
        FakeTarget target = new FakeTarget(c -> c.uri().getPath().equals("/login")
                ? FakeTarget.Answer.json(200, "{\"data\": {\"token\": \"" + jwt + "\"}}") : FakeTarget.Answer.json(200, "{}"));
        Harness h = Harness.of(SCENARIO.replace("expires-in: ttl", "jwt-expiry: true").replace("refresh: {action: renew, before: 10s}", "")
                .replace(", ttl: $.data.ttl, refresh: $.data.refresh", ""), target, Optional.empty());
        UserState u = h.user(1);
        h.perform("work", u);
        h.clock.advance(Duration.ofSeconds(15));
        h.perform("work", u);
        h.clock.advance(Duration.ofSeconds(10));    // 25 s: within 10 s of exp, and no refresh action: log in again
        h.perform("work", u);
        assertThat(target.lines()).containsExactly("POST /users", "POST /login", "GET /work", "GET /work", "POST /login", "GET /work");
    }

    @Test
    void a_cookie_session_logs_in_once_and_the_login_failing_skips_the_step_counted() throws Exception {
        AtomicInteger logins = new AtomicInteger();
        FakeTarget target = new FakeTarget(c -> switch (c.uri().getPath()) {
            case "/login" -> logins.incrementAndGet() == 1 ? FakeTarget.Answer.json(500, "{}")
                    : new FakeTarget.Answer(200, "{}", Headers.of("Set-Cookie", "sid=abc; Path=/"));
            default -> FakeTarget.Answer.json(200, "{}");
        });
        String cookies = """
                target: {named: {api: "http://127.0.0.1:9"}}
                users: {actions: {work: 1}}
                auth:
                  account: {user: "u${user.number}"}
                  login: log-in
                actions:
                  log-in:
                    - request: POST api /login
                      json: {user: "${user}"}
                  work:
                    - request: GET api /work
                      auth: true
                """;
        Harness h = Harness.of(cookies, target, Optional.empty());
        UserState u = h.user(1);
        h.perform("work", u);
        assertThat(h.skips()).containsEntry("work step 1: not logged in (the login failed; see its endpoint)", 1L);
        h.perform("work", u);
        h.perform("work", u);
        assertThat(target.lines()).containsExactly("POST /login", "POST /login", "GET /work", "GET /work");
    }

    @Test
    void a_pool_signs_its_accounts_up_from_a_data_files_first_rows() throws Exception {
        java.nio.file.Path csv = java.nio.file.Files.createTempFile("accounts", ".csv");
        java.nio.file.Files.writeString(csv, "email\na@x\nb@x\nc@x\n");
        FakeTarget target = new FakeTarget(c -> c.uri().getPath().equals("/login")
                ? FakeTarget.Answer.json(200, "{\"token\": \"t\"}") : FakeTarget.Answer.json(200, "{}"));
        String pool = """
                target: {named: {api: "http://127.0.0.1:9"}}
                users: {account: pool, pool-size: 2, actions: {work: 1}}
                data:
                  accounts: {file: "%s", order: unique}
                auth:
                  account: {email: "${accounts.email}"}
                  register: sign-up
                  login: log-in
                  token: token
                  headers: {X-Auth: "${token}"}
                actions:
                  sign-up:
                    - request: POST api /users
                      json: {email: "${email}"}
                  log-in:
                    - request: POST api /login
                      json: {email: "${email}"}
                      capture: {token: $.token}
                  work:
                    - request: GET api /work
                      auth: true
                """.formatted(csv);
        try {
            Harness h = Harness.of(pool, target, Optional.empty());
            assertThat(h.runtime.registerPool(new java.util.SplittableRandom(1))).containsExactly(2, 2);
            assertThat(target.sent.stream().map(c -> new String(c.body(), StandardCharsets.UTF_8)))
                    .containsExactlyInAnyOrder("{\"email\":\"a@x\"}", "{\"email\":\"b@x\"}");
            h.perform("work", h.user(2));
            assertThat(new String(target.sent.get(2).body(), StandardCharsets.UTF_8)).isEqualTo("{\"email\":\"b@x\"}");
            h.scenario.close();
        } finally {
            java.nio.file.Files.delete(csv);
        }
    }
}
