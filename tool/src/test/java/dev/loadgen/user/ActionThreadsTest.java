package dev.loadgen.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadgen.behavior.Action;
import dev.loadgen.behavior.Behavior;
import dev.loadgen.behavior.Catalogue;
import dev.loadgen.behavior.UserState;
import dev.loadgen.config.ConfigLoader;
import dev.loadgen.config.RunConfig;
import dev.loadgen.engine.UserContext;
import dev.loadgen.metrics.UserCounters;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A user who thinks runs each action on a virtual thread of its own, so that its own thread only ever
 * waits shallow (its stack chunk stays small through the think time); a user who pauses for less than a
 * second runs its actions inline. Failures and interrupts cross between the two threads as if there were one.
 */
class ActionThreadsTest {
    /** Every built-in action: remembers the thread it ran on, then does what {@code body} says. */
    private static final class Recorder implements Behavior {
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        final List<Action> actions = FakeBehavior.IDS.stream().map(Action::new).toList();
        volatile Body body = () -> {};

        interface Body {
            void run() throws InterruptedException;
        }

        @Override
        public List<Action> actions() {
            return actions;
        }

        @Override
        public void perform(Action a, UserState session) throws InterruptedException {
            threads.add(Thread.currentThread());
            body.run();
        }
    }

    private static SimulatedUsers users(Recorder r, List<String> sets) {
        return users(r, sets, Duration.ofSeconds(1));
    }

    private static SimulatedUsers users(Recorder r, List<String> sets, Duration gap) {
        RunConfig config = ConfigLoader.load(Optional.empty(), sets, List.of(), k -> null, () -> 1L);
        Catalogue catalogue = Catalogue.of(List.of(r));
        Personas personas = Personas.of(config.population(), catalogue);
        return new SimulatedUsers(catalogue, personas, ThinkTimes.constant(gap), new UserCounters(), 7);
    }

    @Test
    void a_thinking_user_runs_every_action_apart_from_its_own_thread() throws InterruptedException {
        Recorder r = new Recorder();
        AtomicReference<Thread> user = new AtomicReference<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread t = Thread.ofVirtual().start(() -> {
            user.set(Thread.currentThread());
            try {
                users(r, List.of("users.think=2s")).run(new UserContext(1, 0, false, new CountingClock(20)));
            } catch (Throwable e) {
                failed.set(e);
            }
        });
        t.join();
        assertThat(failed.get()).isNull();
        assertThat(r.threads).hasSizeGreaterThan(5);
        assertThat(r.threads).doesNotContain(user.get()).doesNotHaveDuplicates().allMatch(Thread::isVirtual);
    }

    @Test
    void a_user_who_hardly_pauses_runs_its_actions_inline_after_the_first() throws InterruptedException {
        Recorder r = new Recorder();
        AtomicReference<Thread> user = new AtomicReference<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        CountDownLatch enough = new CountDownLatch(50);
        r.body = () -> {
            enough.countDown();
            if (enough.getCount() == 0) {
                Thread.currentThread().interrupt(); // nothing waits on the clock, so end the run this way
                throw new InterruptedException("enough");
            }
        };
        Thread t = Thread.ofVirtual().start(() -> {
            user.set(Thread.currentThread());
            try {
                users(r, List.of("users.think=999ms"), Duration.ZERO).run(new UserContext(1, 0, false, new CountingClock(1_000)));
            } catch (InterruptedException expected) {
                // the 50th action ends the run
            } catch (RuntimeException e) {
                failed.set(e);
            }
        });
        assertThat(t.join(Duration.ofSeconds(10))).isTrue();
        assertThat(failed.get()).isNull();
        assertThat(r.threads).hasSizeGreaterThanOrEqualTo(50);
        assertThat(r.threads.getFirst()).isNotEqualTo(user.get());
        assertThat(r.threads.subList(1, r.threads.size())).containsOnly(user.get());
    }

    @Test
    void a_failing_action_fails_the_user_with_the_same_exception() {
        Recorder r = new Recorder();
        IllegalStateException boom = new IllegalStateException("boom");
        r.body = () -> {
            throw boom;
        };
        assertThatThrownBy(() -> users(r, List.of("users.think=2s")).run(new UserContext(1, 0, false, new CountingClock(20))))
                .isSameAs(boom);
    }

    @Test
    void interrupting_the_user_interrupts_the_action_and_waits_for_it_to_end() throws InterruptedException {
        Recorder r = new Recorder();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch actionEnded = new CountDownLatch(1);
        AtomicReference<Throwable> userSaw = new AtomicReference<>();
        r.body = () -> {
            inside.countDown();
            try {
                Thread.sleep(Duration.ofMinutes(1)); // an action blocked on the target
            } finally {
                Thread.sleep(50); // records how it ended, even though interrupted
                actionEnded.countDown();
            }
        };
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                users(r, List.of("users.think=2s")).run(new UserContext(1, 0, false, new CountingClock(20)));
            } catch (Throwable e) {
                userSaw.set(e);
            }
        });
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        t.interrupt();
        assertThat(t.join(Duration.ofSeconds(10))).isTrue();
        assertThat(userSaw.get()).isInstanceOf(InterruptedException.class);
        assertThat(actionEnded.getCount()).as("the action's work ended before the user did").isZero();
        assertThat(r.threads.getFirst().join(Duration.ofSeconds(5))).as("the action's thread ends").isTrue();
    }
}
