package dev.loadgen.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The instances' states made one: counts summed, percentiles the highest, the target the whole run's. */
class StateSumTest {
    private static ObjectNode state(String segment, double target, int running, String phase, long count, double p95, double mean) throws Exception {
        return (ObjectNode) StateJson.JSON.readTree("""
                {"elapsedSeconds": 10, "plannedSeconds": 60,
                 "control": {"model": "closed", "target": %s, "running": %d, "phase": "%s", "segment": "%s", "tokenRequired": false},
                 "endpoints": [{"service": "web", "endpoint": "GET /", "count": %d, "requestsPerSecond": 2.0,
                                "byStatus": {"200": %d}, "byOutcome": {"ok": %d},
                                "latencyMs": {"mean": %s, "p50": 5, "p90": 8, "p95": %s, "p99": 12, "max": 20},
                                "serviceTimeMs": {"mean": 1, "p50": 1, "p90": 1, "p95": 1, "p99": 1, "max": 1},
                                "checks": {"is 200": {"passed": %d, "failed": 1}}, "errorTexts": {"503 busy": 1}}],
                 "errors": [{"service": "web", "endpoint": "GET /", "text": "503 busy", "count": 1}],
                 "totals": {"requests": %d, "errors": 1, "chaos": 0, "lastRequestsPerSecond": 2.5, "lastP95": %s,
                            "sessionsCompleted": 3, "wsOpen": 0, "wsReconnectAttempts": 0, "wsReconnects": 0},
                 "thresholds": [{"expression": "p95 < 1s", "ok": true, "value": %s}]}
                """.formatted(target, running, phase, segment, count, count, count, mean, p95, count, count, p95, p95));
    }

    private static Instance.View view(int port, boolean reachable, JsonNode state) {
        return new Instance.View(URI.create("http://127.0.0.1:" + port + "/"), reachable, reachable ? "" : "cannot connect",
                Optional.ofNullable(state), Optional.empty(), Optional.empty(), List.of(), false);
    }

    @Test
    void three_segments_of_one_run_show_as_the_run() throws Exception {
        List<Instance.View> views = List.of(
                view(1, true, state("0/3", 60, 20, "running", 100, 10, 4)),
                view(2, true, state("1/3", 60, 20, "running", 300, 30, 8)),
                view(3, true, state("2/3", 60, 19, "running", 100, 20, 4)));
        ObjectNode s = StateSum.of(views, true);
        JsonNode c = s.path("control");
        assertThat(c.path("target").asDouble()).as("the whole run's, reported by each").isEqualTo(60);
        assertThat(c.path("running").asInt()).isEqualTo(59);
        assertThat(c.path("phase").asText()).isEqualTo("running");
        assertThat(c.path("tokenRequired").asBoolean()).isTrue();
        JsonNode e = s.path("endpoints").get(0);
        assertThat(s.path("endpoints")).hasSize(1);
        assertThat(e.path("count").asLong()).isEqualTo(500);
        assertThat(e.path("byStatus").path("200").asLong()).isEqualTo(500);
        assertThat(e.path("checks").path("is 200").path("failed").asLong()).isEqualTo(3);
        assertThat(e.path("latencyMs").path("p95").asDouble()).as("the highest").isEqualTo(30);
        assertThat(e.path("latencyMs").path("mean").asDouble()).as("weighted by requests: (100*4 + 300*8 + 100*4) / 500").isEqualTo(6.4);
        assertThat(e.path("requestsPerSecond").asDouble()).isEqualTo(6);
        assertThat(s.path("errors")).hasSize(1);
        assertThat(s.path("errors").get(0).path("count").asLong()).isEqualTo(3);
        assertThat(s.path("totals").path("requests").asLong()).isEqualTo(500);
        assertThat(s.path("totals").path("lastRequestsPerSecond").asDouble()).isEqualTo(7.5);
        assertThat(s.path("totals").path("lastP95").asDouble()).isEqualTo(30);
        assertThat(s.path("thresholds")).extracting(t -> t.path("expression").asText())
                .containsExactly("p95 < 1s (at 127.0.0.1:1)", "p95 < 1s (at 127.0.0.1:2)", "p95 < 1s (at 127.0.0.1:3)");
        assertThat(s.path("instances")).extracting(r -> r.path("share").asLong()).containsExactly(20L, 20L, 20L);
        assertThat(s.path("instances")).extracting(r -> r.path("segment").asText()).containsExactly("0/3", "1/3", "2/3");
    }

    @Test
    void an_unreachable_instance_keeps_its_counts_but_runs_no_users_now() throws Exception {
        List<Instance.View> views = List.of(
                view(1, true, state("0/2", 10, 5, "running", 100, 10, 4)),
                view(2, false, state("1/2", 10, 5, "running", 50, 90, 4)),
                view(3, false, null));
        ObjectNode s = StateSum.of(views, false);
        assertThat(s.path("control").path("running").asInt()).isEqualTo(5);
        assertThat(s.path("totals").path("requests").asLong()).isEqualTo(150);
        assertThat(s.path("totals").path("lastRequestsPerSecond").asDouble()).isEqualTo(2.5);
        assertThat(s.path("totals").path("lastP95").asDouble()).as("of the instances reachable now").isEqualTo(10);
        assertThat(s.path("instances")).extracting(r -> r.path("phase").asText()).containsExactly("running", "unreachable", "unreachable");
        assertThat(s.path("instances").get(1).path("problem").asText()).isEqualTo("cannot connect");
        assertThat(s.path("instances").get(2).path("segment").asText()).isEqualTo("-");
    }

    @Test
    void instances_whose_runs_are_over_end_the_page_on_the_runs_target_with_no_problem_shown() throws Exception {
        List<Instance.View> views = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            views.add(new Instance.View(URI.create("http://127.0.0.1:" + i + "/"), false, "cannot connect (connection refused)",
                    Optional.of(state(i + "/2", 60, 30, "stopping", 10, 1, 1)), Optional.empty(), Optional.empty(), List.of(), true));
        }
        ObjectNode s = StateSum.of(views, false);
        assertThat(s.path("control").path("phase").asText()).isEqualTo("ended");
        assertThat(s.path("control").path("target").asDouble()).isEqualTo(60);
        assertThat(s.path("control").path("running").asInt()).isZero();
        assertThat(s.path("totals").path("requests").asLong()).isEqualTo(20);
        assertThat(s.path("instances")).allSatisfy(r -> {
            assertThat(r.path("phase").asText()).isEqualTo("ended");
            assertThat(r.path("problem").asText()).isEmpty();
        });
    }

    @Test
    void whole_runs_side_by_side_add_their_targets() throws Exception {
        ObjectNode s = StateSum.of(List.of(view(1, true, state("0/1", 4, 4, "running", 1, 1, 1)),
                view(2, true, state("0/1", 3, 3, "stopping", 1, 1, 1))), false);
        assertThat(s.path("control").path("target").asDouble()).isEqualTo(7);
        assertThat(s.path("instances")).extracting(r -> r.path("share").asDouble()).containsExactly(4.0, 3.0);
    }

    @Test
    void with_no_instance_heard_from_the_state_says_so_and_has_the_page_shape() {
        ObjectNode s = StateSum.of(List.of(view(1, false, null)), false);
        assertThat(s.path("control").path("phase").asText()).isEqualTo("connecting");
        assertThat(s.path("control").path("model").asText()).isEqualTo("closed");
        assertThat(s.path("totals").path("requests").asLong()).isZero();
        assertThat(s.path("endpoints").isArray()).isTrue();
        assertThat(s.path("thresholds").isArray()).isTrue();
    }

    @Test
    void an_interval_adds_what_arrived_and_keeps_totals_from_the_baseline() throws Exception {
        JsonNode base = StateJson.JSON.readTree("""
                {"t": 5, "sessions": {"completed": 10, "abandoned": 0, "dropped": 0}, "ws": {"sent": 4}, "chaos": {"byKind": {"delay": 2}}}""");
        JsonNode a1 = StateJson.JSON.readTree("""
                {"t": 6, "dt": 1, "requests": 10, "errors": 1, "outcomes": {"ok": 9, "http_error": 1}, "latencyMs": {"p50": 5, "p95": 9, "p99": 11},
                 "services": {"web": {"requests": 10, "errors": 1, "latencyMs": {"p50": 5, "p95": 9, "p99": 11}}},
                 "users": {"active": 10, "byPersona": {"reader": 10}}, "sessions": {"completed": 12, "abandoned": 1, "dropped": 0},
                 "ws": {"open": 2, "sent": 6}, "chaos": {"byKind": {"delay": 3}}}""");
        JsonNode a2 = ((ObjectNode) a1.deepCopy()).put("t", 7).put("requests", 20).set("latencyMs",
                StateJson.JSON.readTree("{\"p50\": 4, \"p95\": 30, \"p99\": 31}"));
        JsonNode b1 = ((ObjectNode) a1.deepCopy()).put("requests", 5);
        Instance.View a = new Instance.View(URI.create("http://a:1/"), true, "", Optional.empty(), Optional.of(a2), Optional.of(base), List.of(a1, a2), false);
        Instance.View b = new Instance.View(URI.create("http://b:1/"), true, "", Optional.empty(), Optional.of(b1), Optional.empty(), List.of(b1), false);
        Instance.View gone = new Instance.View(URI.create("http://c:1/"), false, "x", Optional.empty(), Optional.of(b1), Optional.empty(), List.of(), false);
        JsonNode control = StateJson.JSON.readTree("{\"model\": \"closed\", \"target\": 30, \"phase\": \"running\"}");
        ObjectNode i = IntervalSum.of(12.0, 1.0, List.of(a, b, gone), control);
        assertThat(i.path("requests").asLong()).isEqualTo(35);
        assertThat(i.path("outcomes").path("http_error").asLong()).isEqualTo(3);
        assertThat(i.path("latencyMs").path("p95").asDouble()).isEqualTo(30);
        assertThat(i.path("services").path("web").path("requests").asLong()).isEqualTo(30);
        assertThat(i.path("users").path("active").asLong()).as("the reachable instances' latest").isEqualTo(20);
        assertThat(i.path("users").path("byPersona").path("reader").asLong()).isEqualTo(20);
        // a's 12 less its baseline's 10, b's and c's 12 from zero
        assertThat(i.path("sessions").path("completed").asLong()).isEqualTo(2 + 12 + 12);
        assertThat(i.path("ws").path("sent").asLong()).isEqualTo(2 + 6 + 6);
        assertThat(i.path("chaos").path("byKind").path("delay").asLong()).isEqualTo(1 + 3 + 3);
        assertThat(i.path("load").path("target").asDouble()).isEqualTo(30);
        assertThat(i.path("t").asDouble()).isEqualTo(12);
    }
}
