package dev.loadgen.time;

import java.util.function.BooleanSupplier;

/**
 * Time as the engine and the users see it. Everything that waits goes through here, so tests can run a
 * ten-minute schedule in virtual time in milliseconds.
 */
public interface Clock {
    /** Monotonic nanoseconds, comparable only with other values of the same clock. */
    long nanoTime();

    /**
     * Waits until {@code deadlineNanos} or until {@code wakeEarly} becomes true (checked whenever the waiting
     * thread is unparked), whichever comes first.
     *
     * @return true if the deadline was reached, false if woken early
     */
    boolean sleepUntil(long deadlineNanos, BooleanSupplier wakeEarly) throws InterruptedException;

    Clock SYSTEM = new SystemClock();
}
