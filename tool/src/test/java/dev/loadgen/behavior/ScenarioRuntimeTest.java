package dev.loadgen.behavior;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How the runtime runs actions: the sockets and values an action keeps, and a login in the middle of one. */
class ScenarioRuntimeTest {
    private static final String SCENARIO = """
            target: {named: {api: "http://127.0.0.1:9"}}
            users: {actions: {work: 1}}
            auth:
              account: {user: "u${user.number}"}
              login: log-in
              token: token
              headers: {X-Auth: "${token}"}
            sockets:
              spare:
                url: api /spare
              feed:
                url: api /feed
            actions:
              log-in:
                - request: POST api /login
                  json: {user: "${user}"}
                  capture: {token: $.token, item: $.item}
              work:
                - request: GET api /item
                  capture: {item: $.item}
                - ws-send: feed
                  text: "first ${item}"
                - request: GET api /work
                  auth: true
                - ws-send: feed
                  text: "then ${item}"
            """;

    @Test
    void a_login_in_the_middle_of_an_action_leaves_its_socket_open_and_its_values_as_they_were() throws Exception {
        AtomicInteger works = new AtomicInteger();
        FakeTarget target = new FakeTarget(c -> switch (c.method() + " " + c.uri().getPath()) {
            case "POST /login" -> FakeTarget.Answer.json(200, "{\"token\": \"t\", \"item\": \"from-login\"}");
            case "GET /item" -> FakeTarget.Answer.json(200, "{\"item\": \"mine\"}");
            case "GET /work" -> works.incrementAndGet() == 1 ? FakeTarget.Answer.json(401, "{}") : FakeTarget.Answer.json(200, "{}");
            default -> FakeTarget.Answer.json(200, "{}");
        });
        FakeSockets sockets = new FakeSockets();
        Harness h = Harness.of(SCENARIO, target, Optional.of(sockets));
        UserState u = h.user(1);
        h.perform("work", u);
        assertThat(target.lines()).containsExactly("GET /item", "POST /login", "GET /work", "POST /login", "GET /work");
        assertThat(sockets.opened).hasSize(1);
        assertThat(sockets.sent).containsExactly("first mine", "then mine");
        assertThat(h.skips()).isEmpty();
        // the socket kept for the action closes when the action ends
        assertThat(sockets.open).isFalse();
        assertThat(new String(target.sent.get(1).body(), StandardCharsets.UTF_8)).isEqualTo("{\"user\":\"u1\"}");
    }

    @Test
    void a_declared_socket_no_action_uses_does_not_shift_the_others() throws Exception {
        FakeSockets sockets = new FakeSockets();
        Harness h = Harness.of(SCENARIO, new FakeTarget(c -> FakeTarget.Answer.json(200, "{\"token\": \"t\", \"item\": \"x\"}")),
                Optional.of(sockets));
        UserState u = h.user(1);
        h.perform("work", u);
        assertThat(sockets.opened).hasSize(1).first().hasToString("ws://127.0.0.1:9/feed");
        assertThat(sockets.sent).containsExactly("first x", "then x");
    }

    @Test
    void what_an_awaited_frame_gives_is_counted_like_a_responses_captures() throws Exception {
        FakeSockets sockets = new FakeSockets();
        sockets.replies = f -> Optional.of("{\"type\": \"joined\", \"members\": 3}");
        Harness h = Harness.of("""
                target: {chat: "http://127.0.0.1:9"}
                users: {account: none, actions: {join: 1}}
                sockets:
                  chat: {url: chat /ws}
                actions:
                  join:
                    - ws-send: chat
                      json: {type: join}
                    - ws-await: chat
                      match: {type: joined}
                      timeout: 1s
                      capture: {members: $.members, topic: $.topic}
                    - request: GET chat /rooms/${members}
                """, new FakeTarget(c -> FakeTarget.Answer.json(200, "{}")), Optional.of(sockets));
        h.perform("join", h.user(1));
        var checks = h.metrics.endpoints().stream().filter(e -> e.name().equals("WS /ws")).findFirst().orElseThrow().checks();
        assertThat(checks.get("capture members").passedCount()).isEqualTo(1);
        assertThat(checks.get("capture topic").failedCount()).isEqualTo(1);
    }

    @Test
    void a_step_inside_steps_is_named_by_its_place_as_written() throws Exception {
        Harness h = Harness.of("""
                target: {named: {api: "http://127.0.0.1:9"}}
                users: {account: none, actions: {go: 1}}
                actions:
                  go:
                    - request: GET api /a
                    - steps:
                        - request: GET api /b
                        - request: GET api /c/${nothing}
                      repeat: 2
                """.replace("${nothing}", "${missing}").replace("users:", "variables: {missing: {}}\nusers:"),
                new FakeTarget(c -> FakeTarget.Answer.json(200, "{}")), Optional.empty());
        h.perform("go", h.user(1));
        assertThat(h.skips()).containsExactly(org.assertj.core.api.Assertions.entry("go step 2.2: ${missing} is not set", 2L));
    }

    @Test
    void a_check_compares_a_found_value_as_a_capture_of_it_reads() throws Exception {
        Harness h = Harness.of("""
                target: {named: {api: "http://127.0.0.1:9"}}
                users: {account: none, actions: {go: 1}}
                actions:
                  go:
                    - request: GET api /a
                      capture: {n: $.n, tags: $.tags}
                      check:
                        - {json: $.n, equals: "${n}"}
                        - {json: $.n, equals: "2"}
                        - {json: $.tags, equals: "${tags}"}
                        - {json: $.tags, equals: "x y"}
                """, new FakeTarget(c -> FakeTarget.Answer.json(200, "{\"n\": 2.0, \"tags\": [\"x\", \"y\"]}")), Optional.empty());
        h.perform("go", h.user(1));
        var checks = h.metrics.endpoints().getFirst().checks();
        assertThat(checks.values()).allSatisfy(c -> assertThat(c.failedCount()).as(c.toString()).isZero());
        assertThat(checks.values().stream().mapToLong(c -> c.passedCount()).sum()).isEqualTo(6);
    }

    @Test
    void a_list_set_from_itself_or_another_list_keeps_the_items() throws Exception {
        FakeTarget target = new FakeTarget(c -> FakeTarget.Answer.json(200, "{\"ids\": [1, 2, 3]}"));
        Harness h = Harness.of("""
                target: {named: {api: "http://127.0.0.1:9"}}
                users: {account: none, actions: {go: 1}}
                variables: {seen: {list: 5}, copy: {list: 5}}
                actions:
                  go:
                    - request: GET api /a
                      capture: {seen: "$.ids[*]"}
                    - set: {seen: "${seen}", copy: "${seen}"}
                    - request: GET api /b/${seen}/${copy}
                """, target, Optional.empty());
        h.perform("go", h.user(1));
        assertThat(target.lines()).containsExactly("GET /a", "GET /b/1%202%203/1%202%203");
    }
}
