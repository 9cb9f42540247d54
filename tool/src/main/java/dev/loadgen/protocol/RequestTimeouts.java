package dev.loadgen.protocol;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The total timeouts of one transport's requests in flight, kept by one thread that looks at them a few times a second
 * (every twentieth of the timeout, between 10 and 100 ms) and aborts those past it: a request is entered when it is sent
 * and left when it ends, which costs no timer and wakes no thread. Jetty's own total timeout wakes its timer thread
 * about once per request of a user that thinks (a connection's and a destination's timer each fire one timeout after
 * their first request, answered or not), 44-51 µs of CPU per request in B5k; a timed wait of the user's thread instead
 * cost its carrier 20-40 µs more per request (docs/benchmarks.md). A timeout is therefore noticed up to one period late.
 */
final class RequestTimeouts {
    private final long timeoutNanos;
    private final long periodNanos;
    private final Set<BodyReader> inFlight = ConcurrentHashMap.newKeySet();
    /** Started at the first request: a transport that sends nothing has no thread. */
    private final AtomicReference<Thread> sweeper = new AtomicReference<>();
    private volatile boolean closed;

    /** @param timeoutMillis the total timeout of every request; 0: none (nothing is kept) */
    RequestTimeouts(long timeoutMillis) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.periodNanos = Math.clamp(timeoutNanos / 20, TimeUnit.MILLISECONDS.toNanos(10), TimeUnit.MILLISECONDS.toNanos(100));
    }

    long timeoutNanos() {
        return timeoutNanos;
    }

    /** A request sent: aborted if it has not ended by its timeout. */
    void enter(BodyReader reader) {
        if (timeoutNanos <= 0) {
            return;
        }
        if (sweeper.get() == null) {
            Thread t = Thread.ofPlatform().daemon().name("loadgen-timeouts").unstarted(this::sweep);
            if (sweeper.compareAndSet(null, t)) {
                t.start();
            }
        }
        inFlight.add(reader);
    }

    /** A request ended. */
    void leave(BodyReader reader) {
        inFlight.remove(reader);
    }

    private void sweep() {
        while (!closed) {
            LockSupport.parkNanos(periodNanos);
            long now = System.nanoTime();
            for (BodyReader r : inFlight) {
                if (r.expiredAt(now)) {
                    r.expire();
                }
            }
        }
    }

    /** Stops the thread; requests still in flight are left to their transport's close. */
    void close() {
        closed = true;
        Thread t = sweeper.get();
        if (t != null) {
            LockSupport.unpark(t);
        }
    }
}
