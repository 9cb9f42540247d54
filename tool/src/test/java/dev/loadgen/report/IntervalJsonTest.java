package dev.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgen.engine.LoadControl;
import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.Outcome;
import dev.loadgen.metrics.Snapshot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** A line of timeline.jsonl: pinned by a golden file, as other tools (and `loadgen report`) read it. */
class IntervalJsonTest {
    private static Histogram millis(long... values) {
        Histogram h = new Histogram(3);
        for (long v : values) {
            h.recordValue(v * 1000);
        }
        return h;
    }

    private static long[] outcomes(long ok, long httpErrors, long chaos) {
        long[] o = new long[Outcome.values().length];
        o[Outcome.OK.ordinal()] = ok;
        o[Outcome.HTTP_ERROR.ordinal()] = httpErrors;
        o[Outcome.CHAOS.ordinal()] = chaos;
        return o;
    }

    static Snapshot fixture() {
        Metrics m = new Metrics();
        EndpointMeter feed = m.endpoint("posts", "GET /feed", "GET");
        EndpointMeter read = m.endpoint("posts", "GET /posts/{id}", "GET");
        EndpointMeter login = m.endpoint("auth", "POST /auth/login", "POST");
        EndpointMeter idle = m.endpoint("chat", "GET /chat/rooms", "GET");
        return new Snapshot(12.0, 1.0, List.of(
                new Snapshot.EndpointInterval(feed, millis(10, 20, 30, 200), millis(10, 20, 30, 200), outcomes(3, 1, 0),
                        Map.of("HTTP 503: <script>alert(1)</script>", 1L)),
                new Snapshot.EndpointInterval(read, millis(5, 5), millis(5, 5), outcomes(1, 0, 1), Map.of()),
                new Snapshot.EndpointInterval(login, millis(100), millis(90), outcomes(1, 0, 0), Map.of()),
                new Snapshot.EndpointInterval(idle, millis(), millis(), outcomes(0, 0, 0), Map.of())),
                7, 2, 3, millis(4, 6), millis(), millis(1500), millis(1, 3), false, false,
                new Snapshot.Counters(Map.of("lurker", 5, "poster", 2), 11, 3, 9, 40, 80, 1, 2, 1, Map.of("delay", 4L)));
    }

    @Test
    void an_interval_line_matches_the_golden_file() throws IOException {
        String line = IntervalJson.encode(fixture(), new LoadControl.Status(LoadControl.Model.CLOSED, 7, 7, LoadControl.Phase.RUNNING));
        assertThat(line).doesNotContain("\n");
        String expected;
        try (InputStream in = getClass().getResourceAsStream("/golden/timeline-line.json")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ObjectMapper json = new ObjectMapper();
        String actual = json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(line)) + "\n";
        if (!actual.equals(expected)) {
            // beside the golden file's copy in target/, for a diff when the contract changes on purpose
            java.nio.file.Files.writeString(java.nio.file.Path.of("target/timeline-line.actual.json"), actual);
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void latency_by_service_comes_from_the_merged_histograms_not_from_endpoint_percentiles() throws IOException {
        JsonNode n = new ObjectMapper().readTree(IntervalJson.encode(fixture(),
                new LoadControl.Status(LoadControl.Model.OPEN, 2.5, 7, LoadControl.Phase.RUNNING)));
        // posts: 10, 20, 30, 200, 5, 5 ms; its p50 is 10 ms, which neither endpoint's p50 (20 and 5) gives
        assertThat(n.path("services").path("posts").path("latencyMs").path("p50").asDouble()).isEqualTo(10.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(n.path("services").path("posts").path("requests").asLong()).isEqualTo(6);
        assertThat(n.path("services").path("posts").path("errors").asLong()).as("chaos is not an error").isEqualTo(1);
        assertThat(n.path("endpoints")).as("endpoints without requests are left out").hasSize(3);
        assertThat(n.path("load").path("model").asText()).isEqualTo("open");
        assertThat(n.path("ws").path("peerMs").isEmpty()).as("no delivery: no figure, not a zero").isTrue();
    }
}
