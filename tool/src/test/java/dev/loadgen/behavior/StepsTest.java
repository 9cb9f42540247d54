package dev.loadgen.behavior;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.protocol.Headers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The steps of an action, on a fake target (and once on the real transport): what goes out, what is captured, checked, skipped and counted. */
class StepsTest {
    private static final String TARGET = "target: {named: {api: \"http://127.0.0.1:9\"}}\nusers: {account: none, actions: {go: 1}}\n";

    private static String body(dev.loadgen.protocol.HttpCall c) {
        return new String(c.body(), StandardCharsets.UTF_8);
    }

    /**
     * A request after a pause step is due when the pause ended: not at the time scheduled before it (the action's start,
     * whose lag would count the pause), nor when the user was woken from it, which may be late (that lateness is lag).
     */
    @Test
    void a_request_after_a_pause_is_due_when_the_pause_ended() throws Exception {
        FakeTarget target = new FakeTarget(c -> FakeTarget.Answer.json(200, "{}"));
        Harness h = Harness.of(TARGET + """
                actions:
                  go:
                    - pause: 500ms
                    - request: GET api /after
                """, target, Optional.empty());
        UserState u = h.user(1);
        long start = h.clock.nanoTime();
        long[] ended = new long[1];
        u.pacer(new Pacer() {
            @Override
            public long compose(int chars) {
                return 0;
            }

            @Override
            public void read(int words) {}

            @Override
            public long pause(dev.loadgen.config.Population.ThinkSpec think) {
                ended[0] = h.clock.nanoTime() + 500_000_000L;
                h.clock.sleepUntil(ended[0] + 3_000_000L, () -> false); // woken 3 ms late
                return ended[0];
            }
        });
        u.scheduleNext(start); // the action's start, as the user's schedule sets it
        h.perform("go", u);
        assertThat(target.sent).hasSize(1);
        assertThat(target.sent.getFirst().intendedStartNanos()).isEqualTo(start + 500_000_000L);
    }

    @Test
    void captures_flow_into_later_requests_from_json_headers_and_regular_expressions() throws Exception {
        FakeTarget target = new FakeTarget(c -> switch (c.uri().getPath()) {
            case "/articles" -> new FakeTarget.Answer(200, "{\"data\": {\"items\": [{\"slug\": \"a-1\"}, {\"slug\": \"b-2\"}]}, \"n\": 7}",
                    Headers.of("X-Next", "page=2", "Content-Type", "application/json"));
            default -> FakeTarget.Answer.json(201, "<a href=\"/x?csrf=tok9\">");
        });
        Harness h = Harness.of(TARGET + """
                actions:
                  go:
                    - request: GET api /articles
                      capture:
                        slugs: $.data.items[*].slug
                        n: $.n
                        next: {header: X-Next, regex: 'page=(\\d+)'}
                    - request: POST api /articles/${pick(slugs)}/comments
                      name: POST /articles/{slug}/comments
                      query: {page: "${next}"}
                      json: {count: "${n}", all: "${slugs}", text: "n=${n}", ok: true, none: null}
                      capture: {csrf: {regex: 'csrf=(\\w+)'}}
                    - request: PUT api /form
                      form: {csrf: "${csrf}", who: "a b"}
                """, target, Optional.empty());
        h.perform("go", h.user(1));
        assertThat(target.lines()).hasSize(3);
        assertThat(target.lines().get(1)).matches("POST /articles/(a-1|b-2)/comments\\?page=2");
        assertThat(body(target.sent.get(1))).isEqualTo("{\"count\":7,\"all\":[\"a-1\",\"b-2\"],\"text\":\"n=7\",\"ok\":true,\"none\":null}");
        assertThat(target.sent.get(1).endpoint().name()).isEqualTo("POST /articles/{slug}/comments");
        assertThat(body(target.sent.get(2))).isEqualTo("csrf=tok9&who=a%20b");
        assertThat(target.sent.get(2).contentType()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(h.skips()).isEmpty();
    }

    @Test
    void a_capture_that_finds_nothing_fails_its_request_and_the_steps_that_need_it_are_skipped_and_counted() throws Exception {
        FakeTarget target = new FakeTarget(c -> FakeTarget.Answer.json(200, "{\"user\": {}}"));
        Harness h = Harness.of(TARGET + """
                actions:
                  go:
                    - request: POST api /login
                      capture: {token: $.user.token}
                    - request: GET api /me
                      headers: {Authorization: "Token ${token}"}
                    - request: GET api /other
                """, target, Optional.empty());
        h.perform("go", h.user(1));
        assertThat(target.lines()).containsExactly("POST /login", "GET /other");
        assertThat(h.skips()).containsExactly(java.util.Map.entry("go step 2: ${token} is not set", 1L));
        EndpointMeter login = h.metrics.endpoints().stream().filter(m -> m.name().equals("POST /login")).findFirst().orElseThrow();
        assertThat(login.outcome(dev.loadgen.metrics.Outcome.CHECK_FAILED)).isEqualTo(1);
        assertThat(login.checks().get("capture token").failedCount()).isEqualTo(1);
    }

    @Test
    void only_a_step_whose_checks_or_captures_read_the_body_asks_for_it_to_be_kept() throws Exception {
        FakeTarget target = new FakeTarget(c -> new FakeTarget.Answer(200, "{\"id\": 1} x=2", Headers.of("X-Id", "1")));
        Harness h = Harness.of(TARGET + """
                actions:
                  go:
                    - request: GET api /plain
                    - request: GET api /headers
                      capture: {id: {header: X-Id}}
                      check: [{status: [200]}, {under: 1s}, {header: X-Id, exists: true}]
                    - request: GET api /json
                      capture: {id: $.id}
                    - request: GET api /regex
                      capture: {x: {regex: 'x=(\\d)'}}
                    - request: GET api /contains
                      check: [{body-contains: x}]
                    - request: GET api /json-check
                      check: [{json: $.id, equals: "1"}]
                """, target, Optional.empty());
        h.perform("go", h.user(1));
        assertThat(target.sent).extracting(c -> c.uri().getPath() + " " + c.judge().readsBody()).containsExactly(
                "/plain false", "/headers false", "/json true", "/regex true", "/contains true", "/json-check true");
        assertThat(h.skips()).isEmpty();
    }

    @Test
    void checks_pass_and_fail_by_name_and_a_failed_one_makes_the_outcome_check_failed() throws Exception {
        FakeTarget target = new FakeTarget(c -> new FakeTarget.Answer(200, "{\"status\": \"ok\", \"id\": \"x-17\", \"tags\": []}",
                Headers.of("Content-Type", "application/json")));
        Harness h = Harness.of(TARGET + """
                actions:
                  go:
                    - request: GET api /thing
                      check:
                        - json: $.status
                          equals: ok
                        - {json: $.id, matches: '^x-\\d+$'}
                        - {json: $.missing, exists: false}
                        - {header: Content-Type, matches: json}
                        - {body-contains: '"tags"'}
                        - {status: [200]}
                        - {under: 1s}
                        - {name: has tags, json: "$.tags[*]"}
                """, target, Optional.empty());
        h.perform("go", h.user(1));
        EndpointMeter m = h.metrics.endpoints().getFirst();
        assertThat(m.checks()).hasSize(8);
        assertThat(m.checks().values()).filteredOn(c -> !c.name().equals("has tags")).allSatisfy(c -> {
            assertThat(c.passedCount()).as(c.name()).isEqualTo(1);
            assertThat(c.failedCount()).as(c.name()).isZero();
        });
        assertThat(m.checks().get("has tags").failedCount()).isEqualTo(1);
        assertThat(m.checks()).containsKeys("json $.status = ok", "json $.id ~ ^x-\\d+$", "json $.missing absent",
                "header Content-Type ~ json", "body contains '\"tags\"'", "status [200]", "under 1s");
        assertThat(m.outcome(dev.loadgen.metrics.Outcome.CHECK_FAILED)).isEqualTo(1);
    }

    /**
     * {@code under} on the real transport, not the fake (which imitates its judging and always reports 1 ms): the
     * transport hands the judge the exchange's own time, and a request over the bound is check_failed, counted
     * against its check, with the time in the error text. The server moves the run's virtual clock on while it
     * answers, so the times are exact.
     */
    @Test
    void an_answer_slower_than_under_fails_its_check_and_the_request_is_check_failed() throws Exception {
        java.util.concurrent.atomic.AtomicReference<ManualClock> clock = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<dev.loadgen.protocol.HttpTransport> http = new java.util.concurrent.atomic.AtomicReference<>();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            clock.get().advance(java.time.Duration.ofMillis(300));
            byte[] ok = "{}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, ok.length);
            ex.getResponseBody().write(ok);
            ex.close();
        });
        server.start();
        try {
            Harness h = Harness.onClock("target: {named: {api: \"http://127.0.0.1:" + server.getAddress().getPort() + "\"}}\n"
                    + "users: {account: none, actions: {go: 1}}\n" + """
                    actions:
                      go:
                        - request: GET api /slow
                          check:
                            - {under: 100ms}
                        - request: GET api /in-time
                          check:
                            - {under: 1s}
                    """, c -> {
                        clock.set(c);
                        http.set(new dev.loadgen.protocol.JettyHttpTransport(new dev.loadgen.metrics.Metrics(),
                                new dev.loadgen.protocol.HostPolicy(java.util.Set.of()), new dev.loadgen.protocol.JettyHttpTransport.Settings(
                                        java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(60), 1,
                                        "loadgen/test", false), c));
                        return http.get();
                    });
            try {
                h.perform("go", h.user(1));
            } finally {
                http.get().close();
            }
            EndpointMeter slow = h.metrics.endpoints().stream().filter(m -> m.name().equals("GET /slow")).findFirst().orElseThrow();
            assertThat(slow.checks().get("under 100ms").failedCount()).isEqualTo(1);
            assertThat(slow.checks().get("under 100ms").passedCount()).isZero();
            assertThat(slow.outcome(dev.loadgen.metrics.Outcome.CHECK_FAILED)).isEqualTo(1);
            assertThat(slow.outcome(dev.loadgen.metrics.Outcome.OK)).isZero();
            assertThat(slow.errorTexts()).containsOnlyKeys("check 'under 100ms': took 300.0ms");
            // the same 300 ms within a bound of 1 s passes: the check compares, it does not fail every request
            EndpointMeter inTime = h.metrics.endpoints().stream().filter(m -> m.name().equals("GET /in-time")).findFirst().orElseThrow();
            assertThat(inTime.checks().get("under 1s").passedCount()).isEqualTo(1);
            assertThat(inTime.checks().get("under 1s").failedCount()).isZero();
            assertThat(inTime.outcome(dev.loadgen.metrics.Outcome.OK)).isEqualTo(1);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void picks_lists_pools_guards_repeats_and_instead() throws Exception {
        FakeTarget target = new FakeTarget(c -> c.uri().getPath().startsWith("/gone") ? FakeTarget.Answer.json(404, "{}")
                : FakeTarget.Answer.json(200, "{\"ids\": [\"p1\", \"p2\", \"p3\"]}"));
        Harness h = Harness.of(TARGET + """
                variables: {seen: {list: 2}, nothing: {}}
                pools: {posts: {size: 10}}
                actions:
                  go:
                    - request: GET api /list
                      capture: {ids: "$.ids[*]"}
                    - remember: {seen: "${ids}"}
                    - publish: {posts: "${ids}"}
                    - pick: post
                      from: seen
                      by: oldest
                      remove: true
                    - request: GET api /gone/${post}
                      expect: [200, 404]
                    - if: {status: 404}
                      repeat: 2
                      request: GET api /after-404
                    - if: "!nothing"
                      instead: other
                    - request: GET api /never
                  other:
                    - pick: p
                      from: {posts: 1}
                      by: newest
                    - request: GET api /other/${p}
                    - pick: q
                      from: seen
                    - request: GET api /still/${q}
                """, target, Optional.empty());
        UserState u = h.user(1);
        h.perform("go", u);
        // seen kept the last two (p2, p3); the oldest, p2, was taken out and asked for
        assertThat(target.lines()).containsExactly("GET /list", "GET /gone/p2", "GET /after-404", "GET /after-404", "GET /other/p3",
                "GET /still/p3");
        assertThat(h.skips()).isEmpty();
    }

    @Test
    void rows_of_a_data_file_go_one_to_each_user_and_an_exhausted_file_is_counted_and_warned_about(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path csv = dir.resolve("accounts.csv");
        Files.writeString(csv, "email,password\nann@x.test,\"p,1\"\n\"bob\nsmith@x.test\",p2\n");
        Path codes = dir.resolve("codes.json");
        Files.writeString(codes, "[{\"code\": 7}]");
        FakeTarget target = new FakeTarget(c -> FakeTarget.Answer.json(200, "{}"));
        Harness h = Harness.of(TARGET + """
                data:
                  accounts: {file: %s, order: unique}
                  codes: {file: %s, order: unique}
                actions:
                  go:
                    - request: POST api /login
                      json: {email: "${accounts.email}", password: "${accounts.password}"}
                    - request: GET api /codes/${codes.code}
                """.formatted(csv, codes), target, Optional.empty());
        for (long user = 1; user <= 3; user++) {
            h.perform("go", h.user(user));
        }
        assertThat(target.sent).extracting(StepsTest::body).containsExactly("{\"email\":\"ann@x.test\",\"password\":\"p,1\"}", "",
                "{\"email\":\"bob\\nsmith@x.test\",\"password\":\"p2\"}");
        // each step that lacks a row is counted once; each file that ran out is warned about once
        assertThat(h.skips()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("go step 1: ${accounts.email} is not set", 1L,
                "go step 2: ${codes.code} is not set", 2L));
        assertThat(h.warnings).hasSize(2).anySatisfy(w -> assertThat(w).contains("data 'accounts': every one of its 2 rows is taken"))
                .anySatisfy(w -> assertThat(w).contains("data 'codes': every one of its 1 rows is taken"));
    }
}
