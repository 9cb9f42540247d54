package dev.loadgen.engine;

import dev.loadgen.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * Virtual time for engine tests, as a discrete-event simulation. Users wait on the clock; the driver
 * (the thread running the engine) moves time only when every live user is waiting, and then only to the
 * next deadline, so a ten-minute schedule runs in milliseconds and still in the right order.
 */
final class VirtualClock implements Clock {
    private final Map<Thread, Waiter> waiters = new ConcurrentHashMap<>();
    private volatile long now;
    private volatile Thread driver;
    private volatile IntSupplier liveUsers = () -> 0;

    private static final class Waiter {
        final long deadline;
        final BooleanSupplier wake;
        volatile boolean released;

        Waiter(long deadline, BooleanSupplier wake) {
            this.deadline = deadline;
            this.wake = wake;
        }
    }

    void drive(Thread t, IntSupplier live) {
        driver = t;
        liveUsers = live;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public boolean sleepUntil(long deadlineNanos, BooleanSupplier wakeEarly) throws InterruptedException {
        return Thread.currentThread() == driver ? drive(deadlineNanos, wakeEarly) : await(deadlineNanos, wakeEarly);
    }

    private boolean await(long deadline, BooleanSupplier wake) throws InterruptedException {
        Waiter w = new Waiter(deadline, wake);
        waiters.put(Thread.currentThread(), w);
        try {
            while (!w.released) {
                LockSupport.parkNanos(100_000);
                if (Thread.currentThread().isInterrupted()) {
                    w.released = true; // before clearing the flag, so the driver always sees one of the two
                    Thread.interrupted();
                    throw new InterruptedException();
                }
            }
        } finally {
            waiters.remove(Thread.currentThread());
        }
        return now >= deadline && !wake.getAsBoolean();
    }

    private boolean drive(long deadline, BooleanSupplier wakeEarly) throws InterruptedException {
        long realLimit = System.nanoTime() + 10_000_000_000L;
        while (true) {
            release();
            if (wakeEarly.getAsBoolean()) {
                return false;
            }
            if (now >= deadline) {
                return true;
            }
            if (countWaiting() < liveUsers.getAsInt()) {
                if (System.nanoTime() > realLimit) {
                    throw new IllegalStateException("users neither wait on the clock nor end");
                }
                LockSupport.parkNanos(50_000);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                continue;
            }
            // Every user waits now, but some may have asked for a change (or a stop), or begun a wait whose
            // wake condition already holds, after the first look above. With everyone waiting nothing can
            // change any more, so this second look is final: time moves only if it finds nothing to do.
            if (wakeEarly.getAsBoolean()) {
                return false;
            }
            if (release() > 0) {
                continue;
            }
            long next = deadline;
            for (Waiter w : waiters.values()) {
                if (!w.released) {
                    next = Math.min(next, w.deadline);
                }
            }
            now = Math.max(now, next);
        }
    }

    private int countWaiting() {
        int n = 0;
        for (Waiter w : waiters.values()) {
            if (!w.released) {
                n++;
            }
        }
        return n;
    }

    /** Releases every waiter whose time has come or whose wake condition holds; returns how many. */
    private int release() {
        int n = 0;
        for (Map.Entry<Thread, Waiter> e : waiters.entrySet()) {
            Waiter w = e.getValue();
            if (!w.released && (w.deadline <= now || w.wake.getAsBoolean() || e.getKey().isInterrupted())) {
                w.released = true;
                LockSupport.unpark(e.getKey());
                n++;
            }
        }
        return n;
    }
}
