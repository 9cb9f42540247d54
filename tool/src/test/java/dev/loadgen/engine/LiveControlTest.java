package dev.loadgen.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadgen.config.LoadProfile;
import dev.loadgen.config.Segment;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Live changes through {@link LoadControl}, in virtual time: what the engine re-plans from the moment of the change. */
class LiveControlTest {
    private static final long S = 1_000_000_000L;

    private final VirtualClock clock = new VirtualClock();
    private final List<long[]> starts = new CopyOnWriteArrayList<>();
    private final List<long[]> ends = new CopyOnWriteArrayList<>();
    private final List<LoadControl.Status> seen = new CopyOnWriteArrayList<>();
    /** What users' bodies threw: the engine catches it and goes on, so a test must look here (see {@link #no_user_failed}). */
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final EngineListener recorder = new EngineListener() {
        @Override
        public void userFailed(long user, Throwable error) {
            failures.add(error);
        }

        @Override
        public void userStarted(long user) {
            starts.add(new long[] {clock.nanoTime(), user});
        }

        @Override
        public void userEnded(long user, boolean interrupted) {
            ends.add(new long[] {clock.nanoTime(), user});
        }
    };

    /** An assertion inside a user's body fails the test, though the engine caught it. */
    @AfterEach
    void no_user_failed() {
        assertThat(failures).as("exceptions thrown in users' bodies").isEmpty();
    }

    /** A user who thinks until told to stop. */
    private static final UserBody POLITE = ctx -> {
        while (ctx.sleepUntil(ctx.clock().nanoTime() + 3 * S)) {
            // one action every 3 s
        }
    };

    private static LoadProfile.Stage stage(long seconds, double target) {
        return new LoadProfile.Stage(Duration.ofSeconds(seconds), target);
    }

    private static LoadProfile.Closed closed(int users, long seconds) {
        return new LoadProfile.Closed(List.of(stage(0, users), stage(seconds, users)), Duration.ofSeconds(30), Segment.WHOLE);
    }

    /**
     * Runs {@code profile}; the user numbered {@code actor} makes {@code change} at {@code atSeconds}, or as it
     * starts if that is later (as the dashboard would, from another thread), notes the status a quarter of a
     * second after the change, then behaves as
     * {@code body}.
     */
    private EngineResult run(LoadProfile profile, long actor, double atSeconds, Consumer<Engine> change, UserBody body)
            throws InterruptedException {
        Engine[] engine = new Engine[1];
        UserBody withActor = ctx -> {
            if (ctx.user() == actor && ctx.sleepUntil((long) (atSeconds * S))) {
                // atSeconds may lie in the past (an actor that starts late acts at once): "later" counts from now
                long changedAt = clock.nanoTime();
                change.accept(engine[0]);
                // the engine's thread takes the change over; look a moment later
                if (ctx.sleepUntil(changedAt + S / 4)) {
                    seen.add(engine[0].status());
                }
            }
            body.run(ctx);
        };
        engine[0] = new Engine(profile, withActor, clock, recorder, new Random(1));
        clock.drive(Thread.currentThread(), engine[0]::threadsOnClock);
        return engine[0].run();
    }

    @Test
    void raising_the_users_starts_the_new_ones_at_once_and_holds_them_to_the_planned_end() throws InterruptedException {
        EngineResult r = run(closed(2, 60), 1, 10, e -> e.setUsers(5, Duration.ZERO), POLITE);
        assertThat(starts).extracting(s -> s[1]).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(starts).extracting(s -> s[0]).containsExactly(0L, 0L, 10 * S, 10 * S, 10 * S);
        assertThat(r.loadNanos()).isEqualTo(60 * S);
        assertThat(r.peakUsers()).isEqualTo(5);
        assertThat(ends).hasSize(5).allSatisfy(e -> assertThat(e[0]).isEqualTo(60 * S));
        assertThat(seen.getFirst().target()).isEqualTo(5);
        assertThat(seen.getFirst().running()).isEqualTo(5);
    }

    @Test
    void a_change_over_time_ramps_from_the_current_level() throws InterruptedException {
        run(closed(2, 60), 1, 10, e -> e.setUsers(6, Duration.ofSeconds(4)), POLITE);
        assertThat(starts).extracting(s -> s[0]).containsExactly(0L, 0L, 10 * S, 11 * S, 12 * S, 13 * S);
        assertThat(starts).extracting(s -> s[1]).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void lowering_the_users_stops_the_last_started_first_each_after_its_action() throws InterruptedException {
        run(closed(5, 60), 1, 10, e -> e.setUsers(2, Duration.ofSeconds(3)), POLITE);
        assertThat(ends.subList(0, 3)).extracting(e -> e[1]).containsExactly(5L, 4L, 3L);
        assertThat(ends.subList(0, 3)).extracting(e -> e[0]).containsExactly(11 * S, 12 * S, 13 * S);
        assertThat(ends.subList(3, 5)).allSatisfy(e -> assertThat(e[0]).isEqualTo(60 * S));
    }

    @Test
    void a_user_stopped_and_started_again_before_it_left_is_counted_twice_until_it_leaves() throws InterruptedException {
        // users notice a stop only every 5 s: lowering to 2 then raising to 3 a second later starts a second user 3
        UserBody slow = ctx -> {
            while (!ctx.stopping()) {
                ctx.clock().sleepUntil(ctx.clock().nanoTime() + 5 * S, () -> false);
            }
        };
        Engine[] engine = new Engine[1];
        UserBody twoSteps = ctx -> {
            if (ctx.user() == 1 && ctx.sleepUntil(10 * S + S / 2)) {
                engine[0].setUsers(2, Duration.ZERO);
                if (ctx.sleepUntil(11 * S + S / 2)) {
                    engine[0].setUsers(3, Duration.ZERO);
                }
            }
            slow.run(ctx);
        };
        engine[0] = new Engine(closed(3, 60), twoSteps, clock, recorder, new Random(1));
        clock.drive(Thread.currentThread(), engine[0]::threadsOnClock);
        EngineResult r = engine[0].run();
        assertThat(starts).extracting(s -> s[1]).containsExactly(1L, 2L, 3L, 3L);
        assertThat(ends.getFirst()).containsExactly(15 * S, 3L);
        assertThat(r.peakUsers()).as("the old user 3 still finishing beside the new one").isEqualTo(4);
        assertThat(r.interruptedUsers()).isZero();
        assertThat(ends).hasSize(4);
    }

    @Test
    void lowering_the_arrival_rate_spaces_the_arrivals_from_the_moment_of_the_change() throws InterruptedException {
        LoadProfile.Open p = new LoadProfile.Open(10, List.of(stage(60, 10)), LoadProfile.Arrivals.CONSTANT, 1000,
                Duration.ofSeconds(30), Segment.WHOLE);
        List<Long> intended = new CopyOnWriteArrayList<>();
        // the arrival numbered 101 comes at 10 s exactly and changes the rate to 2/s
        EngineResult r = run(p, 101, 0, e -> e.setRate(2, Duration.ZERO), ctx -> intended.add(ctx.intendedStartNanos()));
        List<Long> sorted = intended.stream().sorted().toList();
        assertThat(r.usersStarted()).isEqualTo(101 + 100);
        assertThat(sorted.get(100)).isEqualTo(10 * S);
        assertThat(sorted.get(101)).isEqualTo(10 * S + S / 2);
        assertThat(sorted.get(102)).isEqualTo(11 * S);
        assertThat(sorted.getLast()).isEqualTo(60 * S);
        assertThat(seen.getFirst().target()).isEqualTo(2.0);
    }

    @Test
    void the_rate_can_fall_to_zero_and_rise_again() throws InterruptedException {
        LoadProfile.Open p = new LoadProfile.Open(1, List.of(stage(20, 1)), LoadProfile.Arrivals.CONSTANT, 1000,
                Duration.ofSeconds(30), Segment.WHOLE);
        List<Long> intended = new CopyOnWriteArrayList<>();
        Engine[] engine = new Engine[1];
        UserBody first = ctx -> {
            intended.add(ctx.intendedStartNanos());
            if (ctx.user() == 1 && ctx.sleepUntil(5 * S + S / 2)) {
                engine[0].setRate(0, Duration.ZERO);
                if (ctx.sleepUntil(10 * S + S / 2)) {
                    engine[0].setRate(2, Duration.ZERO);
                }
            }
        };
        engine[0] = new Engine(p, first, clock, recorder, new Random(1));
        clock.drive(Thread.currentThread(), engine[0]::threadsOnClock);
        EngineResult r = engine[0].run();
        List<Long> sorted = intended.stream().sorted().toList();
        assertThat(sorted.subList(0, 7)).containsExactly(0L, S, 2 * S, 3 * S, 4 * S, 5 * S, 11 * S);
        assertThat(sorted.getLast()).isEqualTo(20 * S);
        assertThat(r.usersStarted()).isEqualTo(6 + 19);
    }

    @Test
    void changes_that_do_not_fit_the_model_or_the_moment_are_refused_with_a_reason() throws InterruptedException {
        Engine closedEngine = new Engine(closed(2, 10), POLITE, clock, recorder, new Random(1));
        assertThatThrownBy(() -> closedEngine.setRate(5, Duration.ZERO)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed model");
        assertThatThrownBy(() -> closedEngine.setUsers(-1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> closedEngine.setUsers(3, Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        LoadProfile.Open open = new LoadProfile.Open(1, List.of(stage(5, 1)), LoadProfile.Arrivals.CONSTANT, 10,
                Duration.ofSeconds(1), Segment.WHOLE);
        Engine openEngine = new Engine(open, ctx -> { }, clock, recorder, new Random(1));
        assertThatThrownBy(() -> openEngine.setUsers(5, Duration.ZERO)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("open model");
        assertThatThrownBy(() -> openEngine.setRate(Double.NaN, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);

        clock.drive(Thread.currentThread(), closedEngine::threadsOnClock);
        closedEngine.run();
        assertThat(closedEngine.status().phase()).isEqualTo(LoadControl.Phase.ENDED);
        assertThatThrownBy(() -> closedEngine.setUsers(3, Duration.ZERO)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ended");
    }

    @Test
    void status_tells_the_model_the_target_and_the_users_running() throws InterruptedException {
        EngineResult r = run(closed(3, 20), 2, 5, e -> { }, POLITE);
        assertThat(seen).singleElement().satisfies(s -> {
            assertThat(s.model()).isEqualTo(LoadControl.Model.CLOSED);
            assertThat(s.target()).isEqualTo(3);
            assertThat(s.running()).isEqualTo(3);
            assertThat(s.phase()).isEqualTo(LoadControl.Phase.RUNNING);
        });
        assertThat(r.reason()).isEqualTo(EngineResult.StopReason.COMPLETED);
    }

    @Test
    void in_a_segment_the_target_is_the_whole_run_s_and_this_instance_runs_its_share() throws InterruptedException {
        LoadProfile.Closed p = new LoadProfile.Closed(List.of(stage(0, 3), stage(60, 3)), Duration.ofSeconds(30), new Segment(0, 2));
        run(p, 1, 10, e -> e.setUsers(7, Duration.ZERO), POLITE);
        // users 1..7 globally; segment 0/2 owns the odd numbers
        assertThat(starts).extracting(s -> s[1]).containsExactly(1L, 3L, 5L, 7L);
        assertThat(seen.getFirst().target()).isEqualTo(7);
        assertThat(seen.getFirst().running()).isEqualTo(4);
    }

    @Test
    void stop_from_the_control_ends_the_load_and_graceful_stop_follows() throws InterruptedException {
        EngineResult r = run(closed(2, 600), 1, 42, LoadControl::stop, POLITE);
        assertThat(r.reason()).isEqualTo(EngineResult.StopReason.STOPPED);
        assertThat(r.loadNanos()).isEqualTo(42 * S);
        assertThat(ends).allSatisfy(e -> assertThat(e[0]).isEqualTo(42 * S));
    }
}
