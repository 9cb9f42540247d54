package dev.loadgen.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.time.Clock;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The time the {@link Waker} tells a user it was meant to go on at, when its thread wakes late: the user's own time, or
 * the end of the slack it chose, never the moment the thread happened to run; what comes after is lateness, which the
 * user's next request counts.
 */
class WakerTest {
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    /** A clock the test sets; a sleeper returns once the time has come or it is woken early, checking every millisecond. */
    private static final class SetClock implements Clock {
        volatile long now;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public boolean sleepUntil(long deadlineNanos, BooleanSupplier wakeEarly) throws InterruptedException {
            while (true) {
                if (wakeEarly.getAsBoolean()) {
                    return false;
                }
                if (now >= deadlineNanos) {
                    return true;
                }
                Thread.sleep(1);
            }
        }
    }

    private final SetClock clock = new SetClock();
    private final BlockingQueue<long[]> resumed = new LinkedBlockingQueue<>();
    private Waker waker;

    private void start(Duration slack) {
        waker = new Waker(clock, u -> resumed.add(new long[] {u.user(), u.wokenForNanos(), clock.nanoTime()}), slack);
        waker.start();
    }

    private static UserContext user(long n) {
        return new UserContext(n, 0, false, Clock.SYSTEM);
    }

    private long[] next() throws InterruptedException {
        long[] r = resumed.poll(5, TimeUnit.SECONDS);
        assertThat(r).as("a user resumed").isNotNull();
        return r;
    }

    @AfterEach
    void close() throws InterruptedException {
        waker.close();
    }

    @Test
    void a_user_whose_time_comes_while_the_thread_sleeps_towards_a_later_one_keeps_its_own_time() throws InterruptedException {
        start(Duration.ZERO);
        waker.schedule(user(1), 10 * S);
        Thread.sleep(50); // the thread sleeps towards 10 s
        clock.now = 1_500 * MS; // it will run at 1.5 s: half a second after user 2's time
        waker.schedule(user(2), S);
        assertThat(next()).containsExactly(2, S, 1_500 * MS);
        assertThat(resumed).isEmpty();
    }

    @Test
    void a_thread_that_wakes_late_tells_the_end_of_the_slack_it_chose() throws InterruptedException {
        start(Duration.ofMillis(2));
        waker.schedule(user(1), 10 * S); // may go on at 10.002 s
        waker.schedule(user(2), 10 * S + MS); // its time is within user 1's slack: woken with it
        waker.schedule(user(3), 10 * S + 600 * MS); // its time is after the moment the thread runs
        Thread.sleep(50);
        clock.now = 10_500 * MS; // the thread runs at 10.5 s, late
        assertThat(next()).containsExactly(1, 10 * S + 2 * MS, 10_500 * MS);
        assertThat(next()).containsExactly(2, 10 * S + 2 * MS, 10_500 * MS);
        Thread.sleep(50);
        assertThat(resumed).isEmpty();
        clock.now = 11 * S;
        assertThat(next()).as("late past its own slack's end, 10.602 s").containsExactly(3, 10 * S + 602 * MS, 11 * S);
    }
}
