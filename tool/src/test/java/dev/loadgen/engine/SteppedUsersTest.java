package dev.loadgen.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.config.LoadProfile;
import dev.loadgen.config.Segment;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Users of a {@link UserBody.Stepped} body, in virtual time: each step on a virtual thread of its own, no thread at all
 * while they wait, at the times they asked for (with a think slack, a little after: a 256th of the wait, the slack at
 * most, woken together when their times fall so close, and told the time they were meant to go on at); a stop wakes a
 * waiting user at once; a step that throws or is interrupted ends its user as a blocking body's would.
 */
class SteppedUsersTest {
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    private final VirtualClock clock = new VirtualClock();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final List<Boolean> endedInterrupted = new CopyOnWriteArrayList<>();
    private final EngineListener listener = new EngineListener() {
        @Override
        public void userFailed(long user, Throwable error) {
            failures.add(error);
        }

        @Override
        public void userEnded(long user, boolean interrupted) {
            endedInterrupted.add(interrupted);
        }
    };
    private Engine engine;
    private Duration slack = Duration.ZERO;

    /** A stepped body whose journey is {@code journey} for every user. */
    private UserBody.Stepped body(java.util.function.Function<UserContext, UserBody.Journey> journey) {
        return new UserBody.Stepped() {
            @Override
            public UserBody.Journey begin(UserContext ctx) {
                return journey.apply(ctx);
            }

            @Override
            public void run(UserContext ctx) {
                throw new AssertionError("the engine runs a stepped body by its steps");
            }
        };
    }

    private EngineResult run(long seconds, int users, UserBody body) throws InterruptedException {
        LoadProfile.Closed p = new LoadProfile.Closed(
                List.of(new LoadProfile.Stage(Duration.ZERO, users), new LoadProfile.Stage(Duration.ofSeconds(seconds), users)),
                Duration.ofSeconds(30), Segment.WHOLE);
        engine = new Engine(p, body, clock, listener, new Random(1), slack);
        clock.drive(Thread.currentThread(), engine::threadsOnClock);
        return engine.run();
    }

    @Test
    void each_step_runs_on_a_new_virtual_thread_at_its_time_and_a_waiting_user_holds_none() throws InterruptedException {
        List<Thread> threads = new CopyOnWriteArrayList<>();
        List<Long> times = new CopyOnWriteArrayList<>();
        List<Boolean> previousAlive = new CopyOnWriteArrayList<>();
        List<Integer> onClock = new CopyOnWriteArrayList<>();
        List<Long> wokenFor = new CopyOnWriteArrayList<>();
        UserContext[] user = new UserContext[1];
        EngineResult r = run(60, 1, body(ctx -> new UserBody.Journey() {
            int steps;

            @Override
            public long step() {
                user[0] = ctx;
                assertThat(ctx.thread()).isSameAs(Thread.currentThread());
                if (!threads.isEmpty()) {
                    // the thread of the step before ended while the user waited
                    previousAlive.add(threads.getLast().isAlive());
                }
                threads.add(Thread.currentThread());
                times.add(clock.nanoTime());
                wokenFor.add(ctx.wokenForNanos());
                onClock.add(engine.threadsOnClock());
                return ++steps == 4 ? UserBody.Stepped.DONE : clock.nanoTime() + 10 * S;
            }
        }));
        assertThat(failures).isEmpty();
        assertThat(times).containsExactly(0L, 10 * S, 20 * S, 30 * S);
        assertThat(wokenFor).as("the engine says when it meant each step to begin").containsExactly(0L, 10 * S, 20 * S, 30 * S);
        assertThat(threads).hasSize(4).doesNotHaveDuplicates().allMatch(Thread::isVirtual);
        assertThat(previousAlive).hasSize(3).containsOnly(false);
        assertThat(onClock).as("this step's thread and the waker's").containsOnly(2);
        assertThat(user[0].thread()).as("a user that has left holds no thread").isNull();
        assertThat(endedInterrupted).containsExactly(false);
        assertThat(r.loadNanos()).isEqualTo(60 * S);
    }

    @Test
    void fifty_users_wait_together_and_all_leave() throws InterruptedException {
        List<Long> second = new CopyOnWriteArrayList<>();
        run(30, 50, body(ctx -> () -> {
            if (clock.nanoTime() == 0) {
                return 20 * S;
            }
            second.add(clock.nanoTime());
            return UserBody.Stepped.DONE;
        }));
        assertThat(failures).isEmpty();
        assertThat(endedInterrupted).hasSize(50).containsOnly(false);
        assertThat(engine.runningUsers()).isZero();
        assertThat(second).hasSize(50).containsOnly(20 * S);
        assertThat(engine.threadsOnClock()).as("after the run: no user, and the waker has stopped").isZero();
    }

    @Test
    void with_a_slack_users_whose_times_fall_close_are_woken_together_none_before_its_time_nor_past_its_slack()
            throws InterruptedException {
        slack = Duration.ofMillis(2);
        java.util.Map<Long, List<Long>> resumed = new java.util.concurrent.ConcurrentHashMap<>();
        run(30, 5, body(ctx -> new UserBody.Journey() {
            int steps;

            @Override
            public long step() {
                long now = clock.nanoTime();
                if (steps > 0) {
                    resumed.computeIfAbsent(ctx.user(), u -> new CopyOnWriteArrayList<>()).add(now);
                    assertThat(ctx.wokenForNanos()).as("meant to go on when it did, on a clock that is never late")
                            .isEqualTo(now);
                }
                steps++;
                return switch ((int) ctx.user()) {
                    case 1 -> steps == 1 ? 10 * S : UserBody.Stepped.DONE;
                    case 2 -> steps == 1 ? 10 * S + MS : UserBody.Stepped.DONE;
                    case 3 -> steps == 1 ? 10 * S + 5 * MS : UserBody.Stepped.DONE;
                    // thinks of 3 s, each ending 2 ms late, counted from there
                    case 5 -> steps < 4 ? now + 3 * S : UserBody.Stepped.DONE;
                    // a long wait, then a short one (99.5 ms: 388,671 ns of slack) that ends among users 1 and 2
                    default -> steps == 1 ? 9_900 * MS : steps == 2 ? 10 * S + 1_500_000 : UserBody.Stepped.DONE;
                };
            }
        }));
        assertThat(failures).isEmpty();
        // user 4: 9.9 s, 2 ms late; then its short wait's slack comes first, and users 1 and 2, whose times have come,
        // go on with it, sooner than their own 2 ms
        long together = 10 * S + 1_500_000 + 388_671;
        assertThat(resumed.get(4L)).containsExactly(9_902 * MS, together);
        assertThat(resumed.get(1L)).containsExactly(together);
        assertThat(resumed.get(2L)).containsExactly(together);
        assertThat(resumed.get(3L)).as("its time had not come; it goes on alone, at its own slack's end")
                .containsExactly(10 * S + 7 * MS);
        assertThat(resumed.get(5L)).containsExactly(3 * S + 2 * MS, 6 * S + 4 * MS, 9 * S + 6 * MS);
    }

    @Test
    void a_stop_wakes_a_waiting_user_at_once_and_its_next_step_sees_it() throws InterruptedException {
        List<Long> woke = new CopyOnWriteArrayList<>();
        List<Boolean> sawStop = new CopyOnWriteArrayList<>();
        EngineResult r = run(5, 3, body(ctx -> new UserBody.Journey() {
            boolean waited;

            @Override
            public long step() {
                if (!waited) {
                    waited = true;
                    return clock.nanoTime() + 3_600 * S; // an hour's think, far past the 5 s run
                }
                woke.add(clock.nanoTime());
                sawStop.add(ctx.stopping());
                return UserBody.Stepped.DONE;
            }
        }));
        assertThat(failures).isEmpty();
        assertThat(woke).hasSize(3).containsOnly(5 * S);
        assertThat(sawStop).containsOnly(true);
        assertThat(r.interruptedUsers()).isZero();
        assertThat(r.totalNanos()).as("graceful stop did not wait for the hour").isEqualTo(5 * S);
    }

    @Test
    void a_step_that_throws_fails_its_user_and_an_interrupted_one_ends_it_interrupted() throws InterruptedException {
        IllegalStateException boom = new IllegalStateException("boom");
        run(10, 2, body(ctx -> () -> {
            if (ctx.user() == 1) {
                throw boom;
            }
            throw new InterruptedException("stopped hard");
        }));
        assertThat(failures).containsExactly(boom);
        assertThat(endedInterrupted).containsExactlyInAnyOrder(false, true);
        assertThat(engine.runningUsers()).isZero();
    }
}
