package dev.loadgen.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.config.LoadProfile;
import dev.loadgen.config.Segment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClosedScheduleTest {
    private static LoadProfile.Stage stage(long millis, double target) {
        return new LoadProfile.Stage(Duration.ofMillis(millis), target);
    }

    @Test
    void ramp_spreads_user_starts_evenly_over_the_ramp() {
        List<UserEvent> e = ClosedSchedule.of(List.of(stage(25_000, 500), stage(60_000, 500)), Segment.WHOLE);
        assertThat(e).hasSize(500).allMatch(x -> x.kind() == UserEvent.Kind.START);
        // 20 users per second: every second of the ramp starts 20 users, within one
        for (int sec = 0; sec < 25; sec++) {
            long from = sec * 1_000_000_000L;
            long to = from + 1_000_000_000L;
            assertThat(e.stream().filter(x -> x.atNanos() >= from && x.atNanos() < to).count()).isEqualTo(20);
        }
    }

    @Test
    void a_zero_length_stage_starts_everyone_at_once() {
        assertThat(ClosedSchedule.of(List.of(stage(0, 3), stage(1000, 3)), Segment.WHOLE))
                .extracting(UserEvent::atNanos).containsExactly(0L, 0L, 0L);
    }

    @Test
    void spike_then_ramp_down_stops_the_extra_users() {
        List<UserEvent> e = ClosedSchedule.of(List.of(stage(0, 2), stage(1000, 2), stage(0, 6), stage(4000, 2)), Segment.WHOLE);
        assertThat(e.stream().filter(x -> x.kind() == UserEvent.Kind.STOP)).extracting(UserEvent::user).containsExactly(6L, 5L, 4L, 3L);
        assertThat(e.stream().filter(x -> x.kind() == UserEvent.Kind.STOP)).extracting(UserEvent::atNanos)
                .containsExactly(2_000_000_000L, 3_000_000_000L, 4_000_000_000L, 5_000_000_000L);
    }

    @Test
    void segments_together_are_the_whole_schedule() {
        List<LoadProfile.Stage> stages = List.of(stage(7_000, 37), stage(5_000, 37), stage(3_000, 11));
        List<UserEvent> whole = ClosedSchedule.of(stages, Segment.WHOLE);
        List<UserEvent> union = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            List<UserEvent> part = ClosedSchedule.of(stages, new Segment(i, 4));
            assertThat(part.stream().filter(x -> x.kind() == UserEvent.Kind.START).count()).isBetween(9L, 10L);
            union.addAll(part);
        }
        Comparator<UserEvent> order = Comparator.comparingLong(UserEvent::atNanos).thenComparing(UserEvent::kind).thenComparingLong(UserEvent::user);
        assertThat(union.stream().sorted(order).toList()).isEqualTo(whole.stream().sorted(order).toList());
    }
}
