package dev.loadgen.time;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** The real clock: {@link System#nanoTime()} and parking, which unparks cheaply on a virtual thread. */
final class SystemClock implements Clock {
    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public boolean sleepUntil(long deadlineNanos, BooleanSupplier wakeEarly) throws InterruptedException {
        while (true) {
            if (wakeEarly.getAsBoolean()) {
                return false;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
