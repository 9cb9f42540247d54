package dev.loadgen.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which of an instance's intervals a control point adds into its own timeline, across reconnections. */
class InstanceFeedTest {
    private final InstanceFeed feed = new InstanceFeed();

    private static JsonNode interval(double t, long requests, long completed) {
        return StateJson.JSON.createObjectNode().put("t", t).put("requests", requests)
                .set("sessions", StateJson.JSON.createObjectNode().put("completed", completed));
    }

    private static JsonNode state(double elapsed) {
        return StateJson.JSON.createObjectNode().put("elapsedSeconds", elapsed);
    }

    private static List<Double> times(List<JsonNode> intervals) {
        return intervals.stream().map(i -> i.path("t").asDouble()).toList();
    }

    @Test
    void on_the_first_connection_the_history_is_left_out_and_its_last_interval_is_the_baseline() {
        feed.connected();
        feed.event("interval", interval(1, 10, 1));
        feed.event("interval", interval(2, 10, 3));
        feed.event("state", state(2));
        assertThat(feed.takeIntervals()).isEmpty();
        assertThat(feed.baseline()).hasValueSatisfying(b -> assertThat(b.path("sessions").path("completed").asLong()).isEqualTo(3));
        feed.event("interval", interval(3, 12, 4));
        feed.event("state", state(3));
        assertThat(times(feed.takeIntervals())).containsExactly(3.0);
        assertThat(feed.takeIntervals()).as("taken once").isEmpty();
        assertThat(feed.lastInterval()).hasValueSatisfying(i -> assertThat(i.path("t").asDouble()).isEqualTo(3));
        assertThat(feed.state()).hasValueSatisfying(s -> assertThat(s.path("elapsedSeconds").asDouble()).isEqualTo(3));
    }

    @Test
    void after_a_reconnection_the_missed_intervals_are_added_and_the_ones_added_before_are_not() {
        feed.connected();
        feed.event("state", state(0.5));
        feed.event("interval", interval(1, 10, 0));
        feed.event("interval", interval(2, 10, 0));
        assertThat(times(feed.takeIntervals())).containsExactly(1.0, 2.0);
        assertThat(feed.baseline()).isEmpty();
        // out of reach during second 3 and 4; the history replays 1 to 4
        feed.connected();
        for (int t = 1; t <= 4; t++) {
            feed.event("interval", interval(t, 10, 0));
        }
        feed.event("state", state(4));
        assertThat(times(feed.takeIntervals())).containsExactly(3.0, 4.0);
    }

    @Test
    void an_instance_that_runs_a_new_run_has_all_its_intervals_added_from_a_zero_baseline() {
        feed.connected();
        feed.event("interval", interval(40, 10, 9));
        feed.event("state", state(40));
        feed.event("end", StateJson.JSON.createObjectNode().set("state", state(41)));
        assertThat(feed.ended()).isTrue();
        feed.connected();
        feed.event("interval", interval(1, 5, 0));
        feed.event("interval", interval(2, 5, 1));
        feed.event("state", state(2));
        assertThat(times(feed.takeIntervals())).containsExactly(1.0, 2.0);
        assertThat(feed.baseline()).isEmpty();
        assertThat(feed.ended()).isFalse();
    }

    @Test
    void the_end_event_gives_the_final_state() {
        feed.connected();
        feed.event("state", state(5));
        feed.event("end", StateJson.JSON.createObjectNode().set("state", state(6)));
        assertThat(feed.ended()).isTrue();
        assertThat(feed.state()).hasValueSatisfying(s -> assertThat(s.path("elapsedSeconds").asDouble()).isEqualTo(6));
    }
}
