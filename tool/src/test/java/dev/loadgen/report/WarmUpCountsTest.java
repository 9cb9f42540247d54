package dev.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** A run's counts with its warm-up's taken out: the requests' since, the users' whole. */
class WarmUpCountsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void the_warm_ups_requests_are_taken_out_and_what_only_it_saw_is_gone() throws Exception {
        ObjectNode all = (ObjectNode) JSON.readTree("""
                {"run": {"durationSeconds": 60.0, "stopReason": "completed"},
                 "endpoints": {
                   "http GET /a": {"service": "http", "endpoint": "GET /a", "method": "GET",
                                   "responses": {"200": {"ok": 90}, "503": {"http_error": 2}},
                                   "checks": {"status": {"passed": 90, "failed": 2}, "early": {"passed": 5, "failed": 0}}},
                   "http GET /b": {"service": "http", "endpoint": "GET /b", "method": "GET", "responses": {"200": {"ok": 4}}, "checks": {}}},
                 "users": {"started": {"default": 10}, "peak": 10, "failed": 0},
                 "sessions": {"completed": {"default": 3}, "abandoned": {}, "dropped": 0},
                 "ws": {"connections": 1, "sent": {"message": 5}, "received": {}, "lost": 0, "deliveries": 0},
                 "chaos": {"injected": {"delay": 3}, "reactions": {}},
                 "skipped": {"no token": 2}}""");
        JsonNode warm = JSON.readTree("""
                {"run": {"durationSeconds": 10.0, "stopReason": "warm-up"},
                 "endpoints": {
                   "http GET /a": {"service": "http", "endpoint": "GET /a", "method": "GET",
                                   "responses": {"200": {"ok": 30}, "503": {"http_error": 2}},
                                   "checks": {"status": {"passed": 30, "failed": 2}, "early": {"passed": 5, "failed": 0}}},
                   "http GET /b": {"service": "http", "endpoint": "GET /b", "method": "GET", "responses": {"200": {"ok": 4}}, "checks": {}}},
                 "users": {"started": {"default": 10}, "peak": 10, "failed": 0},
                 "sessions": {"completed": {}, "abandoned": {}, "dropped": 0},
                 "ws": {"connections": 1, "sent": {"message": 5}, "received": {}, "lost": 0, "deliveries": 0},
                 "chaos": {"injected": {"delay": 1}, "reactions": {}},
                 "skipped": {"no token": 2}}""");
        ObjectNode out = Counts.withoutWarmUp(all, warm);
        assertThat(out.path("run").path("durationSeconds").asDouble()).isEqualTo(50.0);
        assertThat(out.path("run").path("warmUpSeconds").asDouble()).isEqualTo(10.0);
        JsonNode a = out.path("endpoints").path("http GET /a");
        assertThat(a.path("responses").toString()).isEqualTo("{\"200\":{\"ok\":60}}");
        assertThat(a.path("checks").toString()).isEqualTo("{\"status\":{\"passed\":60,\"failed\":0}}");
        // an endpoint only the warm-up called is not listed
        assertThat(out.path("endpoints").has("http GET /b")).isFalse();
        // the users and sessions are the run's whole population
        assertThat(out.path("users")).isEqualTo(all.path("users"));
        assertThat(out.path("sessions")).isEqualTo(all.path("sessions"));
        assertThat(out.path("ws").toString()).isEqualTo("{\"connections\":0,\"lost\":0,\"deliveries\":0}");
        assertThat(out.path("chaos").path("injected").toString()).isEqualTo("{\"delay\":2}");
        assertThat(out.path("skipped").toString()).isEqualTo("{}");
        // and the original is left as it was
        assertThat(all.path("run").path("durationSeconds").asDouble()).isEqualTo(60.0);
    }
}
