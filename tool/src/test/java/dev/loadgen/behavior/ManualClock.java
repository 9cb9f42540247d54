package dev.loadgen.behavior;

import dev.loadgen.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Virtual time for one user's thread: waiting moves the clock to the deadline at once; a test moves it on too. */
final class ManualClock implements Clock {
    private volatile long now = 1_000_000_000L;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public boolean sleepUntil(long deadlineNanos, BooleanSupplier wakeEarly) {
        if (wakeEarly.getAsBoolean()) {
            return false;
        }
        now = Math.max(now, deadlineNanos);
        return true;
    }

    void advance(Duration d) {
        now += d.toNanos();
    }
}
