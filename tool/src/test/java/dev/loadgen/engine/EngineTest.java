package dev.loadgen.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.config.LoadProfile;
import dev.loadgen.config.Segment;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine in virtual time: what starts and stops when, drops, graceful stop. */
class EngineTest {
    private static final long S = 1_000_000_000L;

    private final VirtualClock clock = new VirtualClock();
    private final List<long[]> starts = new CopyOnWriteArrayList<>();
    private final List<long[]> ends = new CopyOnWriteArrayList<>();
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
            ends.add(new long[] {clock.nanoTime(), user, interrupted ? 1 : 0});
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

    private EngineResult run(LoadProfile profile, UserBody body) throws InterruptedException {
        Engine engine = new Engine(profile, body, clock, recorder, new Random(1));
        clock.drive(Thread.currentThread(), engine::threadsOnClock);
        return engine.run();
    }

    private static LoadProfile.Stage stage(long seconds, double target) {
        return new LoadProfile.Stage(Duration.ofSeconds(seconds), target);
    }

    @Test
    void ramp_starts_users_evenly_then_graceful_stop_ends_them_all() throws InterruptedException {
        LoadProfile.Closed p = new LoadProfile.Closed(List.of(stage(10, 10), stage(20, 10)), Duration.ofSeconds(30), Segment.WHOLE);
        EngineResult r = run(p, POLITE);
        assertThat(starts).extracting(s -> s[0] / (S / 10)).containsExactly(0L, 10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L, 90L);
        assertThat(r.reason()).isEqualTo(EngineResult.StopReason.COMPLETED);
        assertThat(r.peakUsers()).isEqualTo(10);
        assertThat(r.interruptedUsers()).isZero();
        assertThat(r.loadNanos()).isEqualTo(30 * S);
        assertThat(ends).hasSize(10).allSatisfy(e -> assertThat(e[0]).isEqualTo(30 * S));
    }

    @Test
    void ramp_down_stops_the_last_started_first() throws InterruptedException {
        LoadProfile.Closed p = new LoadProfile.Closed(List.of(stage(0, 4), stage(4, 4), stage(4, 0)), Duration.ofSeconds(30), Segment.WHOLE);
        run(p, POLITE);
        assertThat(ends).extracting(e -> e[1]).containsExactly(4L, 3L, 2L, 1L);
        assertThat(ends).extracting(e -> e[0]).containsExactly(5 * S, 6 * S, 7 * S, 8 * S);
    }

    @Test
    void users_who_outlive_graceful_stop_are_interrupted_and_counted() throws InterruptedException {
        LoadProfile.Closed p = new LoadProfile.Closed(List.of(stage(0, 3), stage(10, 3)), Duration.ofSeconds(5), Segment.WHOLE);
        EngineResult r = run(p, ctx -> ctx.clock().sleepUntil(Long.MAX_VALUE, () -> false));
        assertThat(r.interruptedUsers()).isEqualTo(3);
        assertThat(ends).allSatisfy(e -> {
            assertThat(e[0]).isEqualTo(15 * S);
            assertThat(e[2]).isEqualTo(1);
        });
    }

    @Test
    void constant_arrivals_start_one_session_each_at_the_intended_times() throws InterruptedException {
        LoadProfile.Open p = new LoadProfile.Open(10, List.of(stage(10, 10)), LoadProfile.Arrivals.CONSTANT, 1000,
                Duration.ofSeconds(30), Segment.WHOLE);
        List<Long> intended = new CopyOnWriteArrayList<>();
        EngineResult r = run(p, ctx -> {
            assertThat(ctx.singleSession()).isTrue();
            intended.add(ctx.intendedStartNanos());
        });
        assertThat(r.usersStarted()).isEqualTo(101);
        assertThat(r.dropped()).isZero();
        assertThat(intended.stream().sorted().toList().get(37)).isEqualTo(37 * S / 10);
    }

    /**
     * On the real clock the drain ends when the last user does, not when the graceful stop runs out: a user that ends
     * while the engine waits for it wakes the engine (while the load runs, an ended user does not wake it).
     */
    @Test
    void the_drain_ends_when_the_last_user_does() throws InterruptedException {
        LoadProfile.Closed p = new LoadProfile.Closed(List.of(stage(0, 2), stage(1, 2)), Duration.ofSeconds(30), Segment.WHOLE);
        UserBody slowToLeave = ctx -> {
            while (ctx.sleepUntil(ctx.clock().nanoTime() + S / 20)) {
                // one action every 50 ms until told to stop
            }
            Thread.sleep(300); // the action it was in
        };
        long t0 = System.nanoTime();
        EngineResult r = new Engine(p, slowToLeave, dev.loadgen.time.Clock.SYSTEM, recorder, new Random(1)).run();
        assertThat(r.interruptedUsers()).isZero();
        assertThat(ends).hasSize(2);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("the run with its drain").isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void arrivals_over_the_cap_are_dropped_not_queued() throws InterruptedException {
        LoadProfile.Open p = new LoadProfile.Open(10, List.of(stage(10, 10)), LoadProfile.Arrivals.CONSTANT, 5,
                Duration.ofSeconds(30), Segment.WHOLE);
        EngineResult r = run(p, POLITE);
        assertThat(r.usersStarted()).isEqualTo(5);
        assertThat(r.dropped()).isEqualTo(96);
        assertThat(r.peakUsers()).isEqualTo(5);
    }

    @Test
    void stop_ends_the_load_early_and_says_so() throws InterruptedException {
        LoadProfile.Closed p = new LoadProfile.Closed(List.of(stage(0, 2), stage(600, 2)), Duration.ofSeconds(30), Segment.WHOLE);
        Engine[] holder = new Engine[1];
        UserBody stopper = ctx -> {
            if (ctx.user() == 1 && ctx.sleepUntil(60 * S)) {
                holder[0].stop();
            }
            POLITE.run(ctx);
        };
        Engine engine = new Engine(p, stopper, clock, recorder, new Random(1));
        holder[0] = engine;
        clock.drive(Thread.currentThread(), engine::threadsOnClock);
        EngineResult r = engine.run();
        assertThat(r.reason()).isEqualTo(EngineResult.StopReason.STOPPED);
        assertThat(r.loadNanos()).isEqualTo(60 * S);
    }

    @Test
    void a_stop_that_aborts_is_graceful_and_a_later_stop_does_not_make_it_milder() throws InterruptedException {
        LoadProfile.Closed p = new LoadProfile.Closed(List.of(stage(0, 2), stage(600, 2)), Duration.ofSeconds(30), Segment.WHOLE);
        Engine[] holder = new Engine[1];
        UserBody stopper = ctx -> {
            if (ctx.user() == 1 && ctx.sleepUntil(12 * S)) {
                holder[0].stop(EngineResult.StopReason.ABORTED);
                holder[0].stop();
            }
            POLITE.run(ctx);
        };
        Engine engine = new Engine(p, stopper, clock, recorder, new Random(1));
        holder[0] = engine;
        clock.drive(Thread.currentThread(), engine::threadsOnClock);
        EngineResult r = engine.run();
        assertThat(r.reason()).isEqualTo(EngineResult.StopReason.ABORTED);
        assertThat(r.loadNanos()).isEqualTo(12 * S);
        // graceful: each user ended at its next think-time wake-up, none was interrupted
        assertThat(r.interruptedUsers()).isZero();
        assertThat(ends).hasSize(2).allSatisfy(e -> assertThat(e[2]).isZero());
    }

    @Test
    void segments_split_the_users_of_one_run() throws InterruptedException {
        LoadProfile.Closed p = new LoadProfile.Closed(List.of(stage(10, 10), stage(1, 10)), Duration.ofSeconds(1), new Segment(1, 3));
        run(p, POLITE);
        assertThat(starts).extracting(s -> s[1]).containsExactly(2L, 5L, 8L);
        assertThat(starts).extracting(s -> s[0]).containsExactly(1 * S, 4 * S, 7 * S);
    }
}
