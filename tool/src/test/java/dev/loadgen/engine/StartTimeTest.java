package dev.loadgen.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.config.LoadProfile;
import dev.loadgen.config.Segment;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The engine given a start time ({@code --start-at}), in virtual time: an early instance waits, a late one joins where the schedule stands. */
class StartTimeTest {
    private static final long S = 1_000_000_000L;

    private final VirtualClock clock = new VirtualClock();
    /** {time, user, intended start} of each user started. */
    private final List<long[]> starts = new CopyOnWriteArrayList<>();
    private final List<LateJoin> joins = new CopyOnWriteArrayList<>();

    private static final UserBody THINKING = ctx -> {
        while (ctx.sleepUntil(ctx.clock().nanoTime() + 3 * S)) {
            // one action every 3 s
        }
    };

    private Engine engine(LoadProfile profile, UserBody body) {
        return new Engine(profile, ctx -> {
            starts.add(new long[] {clock.nanoTime(), ctx.user(), ctx.intendedStartNanos()});
            body.run(ctx);
        }, clock, new EngineListener() {
            @Override
            public void joinedLate(LateJoin join) {
                joins.add(join);
            }
        }, new Random(1));
    }

    private EngineResult run(Engine engine, long startNanos) throws InterruptedException {
        clock.drive(Thread.currentThread(), engine::threadsOnClock);
        return engine.run(startNanos);
    }

    private static LoadProfile.Stage stage(double seconds, double target) {
        return new LoadProfile.Stage(Duration.ofNanos((long) (seconds * S)), target);
    }

    @Test
    void an_engine_called_before_the_start_time_waits_for_it_and_counts_from_it() throws InterruptedException {
        LoadProfile.Closed p = new LoadProfile.Closed(List.of(stage(4, 4), stage(4, 4)), Duration.ofSeconds(30), Segment.WHOLE);
        EngineResult r = run(engine(p, THINKING), 5 * S);
        assertThat(starts).extracting(s -> s[0]).containsExactly(5 * S, 6 * S, 7 * S, 8 * S);
        assertThat(r.loadNanos()).isEqualTo(8 * S);
        assertThat(clock.nanoTime()).isEqualTo(13 * S);
        assertThat(r.lateJoin()).isEmpty();
        assertThat(joins).isEmpty();
    }

    @Test
    void a_late_instance_starts_its_users_due_by_then_at_once_and_the_rest_when_the_run_has_them() throws InterruptedException {
        // 10 users over 10 s, one a second from 0 s; segment 1/3 runs users 2, 5 and 8 (at 1, 4 and 7 s)
        LoadProfile.Closed p = new LoadProfile.Closed(List.of(stage(10, 10), stage(10, 10)), Duration.ofSeconds(30), new Segment(1, 3));
        long t0 = -4_500_000_000L;    // the clock's now is 0: this instance joins 4.5 s after the start time
        EngineResult r = run(engine(p, THINKING), t0);
        // users 2 and 5 start at once, each on its thread: which of the two writes down its start first is a race
        starts.sort(java.util.Comparator.<long[]>comparingLong(s -> s[0]).thenComparingLong(s -> s[1]));
        assertThat(starts).extracting(s -> s[1]).containsExactly(2L, 5L, 8L);
        assertThat(starts).extracting(s -> s[0]).containsExactly(0L, 0L, t0 + 7 * S);
        // the users started at once are meant to start when they can, not when the run had them: their wait is lateness, not lag
        assertThat(starts).extracting(s -> s[2]).containsExactly(0L, 0L, t0 + 7 * S);
        assertThat(r.lateJoin()).contains(new LateJoin(4_500_000_000L, 2, 0));
        assertThat(joins).containsExactly(new LateJoin(4_500_000_000L, 2, 0));
        // it ends when the instances that were on time end
        assertThat(r.loadNanos()).isEqualTo(20 * S);
        assertThat(clock.nanoTime()).isEqualTo(t0 + 20 * S);
    }

    @Test
    void users_the_schedule_started_and_stopped_before_a_late_join_are_not_started() throws InterruptedException {
        // 4 users at once, then down to 2 between 2 and 4 s (user 4 stops at 3 s, user 3 at 4 s)
        LoadProfile.Closed p = new LoadProfile.Closed(List.of(stage(0, 4), stage(2, 4), stage(2, 2), stage(6, 2)), Duration.ofSeconds(30),
                Segment.WHOLE);
        Engine engine = engine(p, THINKING);
        run(engine, -4_500_000_000L);
        assertThat(starts).extracting(s -> s[1]).containsExactly(1L, 2L);
        assertThat(joins).containsExactly(new LateJoin(4_500_000_000L, 2, 0));
        // the whole run's level, as the dashboard shows it, is where the schedule stands, not what this instance started
        assertThat(engine.status().target()).isEqualTo(2);
    }

    @Test
    void an_instance_late_by_less_than_its_first_user_had_nothing_to_catch_up_and_is_on_time() throws InterruptedException {
        // the first user is due at 0.5 s; this instance joins at 0.3 s
        LoadProfile.Closed p = new LoadProfile.Closed(List.of(stage(0.5, 0), stage(0, 2), stage(5, 2)), Duration.ofSeconds(30), Segment.WHOLE);
        long t0 = -300_000_000L;
        EngineResult r = run(engine(p, THINKING), t0);
        assertThat(r.lateJoin()).isEmpty();
        assertThat(joins).isEmpty();
        assertThat(starts).extracting(s -> s[0]).containsExactly(t0 + S / 2, t0 + S / 2);
    }

    @Test
    void a_late_instance_of_the_open_model_does_not_send_the_arrivals_it_missed_and_counts_them() throws InterruptedException {
        // 10 arrivals a second for 10 s, at 0, 0.1, ..., 10.0 s: 101 in all
        LoadProfile.Open p = new LoadProfile.Open(10, List.of(stage(10, 10)), LoadProfile.Arrivals.CONSTANT, 1000, Duration.ofSeconds(30),
                Segment.WHOLE);
        long t0 = -2_050_000_000L;    // joins 2.05 s in: the 21 arrivals at 0 to 2.0 s are missed
        EngineResult r = run(engine(p, ctx -> {}), t0);
        assertThat(r.lateJoin()).contains(new LateJoin(2_050_000_000L, 0, 21));
        assertThat(r.usersStarted()).isEqualTo(101 - 21);
        assertThat(starts.stream().mapToLong(s -> s[2]).min().orElseThrow()).isEqualTo(t0 + 2_100_000_000L);
        assertThat(r.dropped()).isZero();
    }

    @Test
    void a_stop_before_the_start_time_ends_the_run_with_nobody_started() throws InterruptedException {
        LoadProfile.Closed p = new LoadProfile.Closed(List.of(stage(0, 3), stage(10, 3)), Duration.ofSeconds(30), Segment.WHOLE);
        Engine engine = engine(p, THINKING);
        engine.stop();
        EngineResult r = run(engine, 60 * S);
        assertThat(r.usersStarted()).isZero();
        assertThat(r.loadNanos()).isZero();
        assertThat(r.lateJoin()).isEmpty();
        assertThat(r.reason()).isEqualTo(EngineResult.StopReason.STOPPED);
        assertThat(clock.nanoTime()).isLessThan(60 * S);
    }

    @Test
    void an_engine_run_without_a_start_time_is_never_late() throws InterruptedException {
        LoadProfile.Closed p = new LoadProfile.Closed(List.of(stage(0, 3), stage(5, 3)), Duration.ofSeconds(30), Segment.WHOLE);
        Engine engine = engine(p, THINKING);
        clock.drive(Thread.currentThread(), engine::threadsOnClock);
        EngineResult r = engine.run();
        assertThat(r.lateJoin()).isEqualTo(Optional.empty());
        assertThat(starts).hasSize(3);
    }
}
