package dev.loadgen.metrics.push;

import dev.loadgen.time.Clock;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Pushes a snapshot to one receiver every interval, from its own thread, and once more when told the run is
 * over, so a run shorter than the interval still arrives whole. A push waits at most {@link #TIMEOUT} for
 * its answer; a failed one is counted, the first failure while the run goes on is said once, and the run
 * never waits for a push except for the last one, and for that no longer than the caller allows.
 *
 * <p>Samples of a series must arrive in time order: pushes are made one after the other on this thread,
 * and each is stamped at least a millisecond after the one before, even if the wall clock steps back.
 */
public final class Pusher {
    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Receiver receiver;
    private final Supplier<MetricSnapshots> source;
    private final Duration interval;
    private final Duration timeout;
    private final LongSupplier epochMillis;
    private final Clock clock;
    private final Consumer<String> warn;
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicBoolean warned = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile String lastFailure;
    private volatile boolean running = true;
    private long lastStamp;
    private Thread thread;

    /**
     * @param source     the snapshot to push, taken when the push is made
     * @param timeout    how long one push may wait for its answer
     * @param warn       where the one warning on the first failure goes
     */
    public Pusher(Receiver receiver, Supplier<MetricSnapshots> source, Duration interval, Duration timeout, LongSupplier epochMillis,
                  Clock clock, Consumer<String> warn) {
        this.receiver = receiver;
        this.source = source;
        this.interval = interval;
        this.timeout = timeout;
        this.epochMillis = epochMillis;
        this.clock = clock;
        this.warn = warn;
    }

    public Receiver receiver() {
        return receiver;
    }

    public Duration interval() {
        return interval;
    }

    /** Starts pushing: the first push one interval from now. */
    public void start() {
        thread = Thread.ofPlatform().daemon().name("loadgen-push-" + receiver.label()).start(() -> {
            try {
                long next = clock.nanoTime() + interval.toNanos();
                while (running) {
                    if (clock.sleepUntil(next, () -> !running)) {
                        push();
                        // a slow receiver delays the next push rather than causing a burst of them
                        next = Math.max(next + interval.toNanos(), clock.nanoTime());
                    }
                }
                push();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                done.countDown();
            }
        });
    }

    /** Stops the periodic pushes and makes the last one, on the pusher's thread; {@link #await} waits for it. */
    public void finish() {
        running = false;
        if (thread == null) {
            done.countDown();
        } else {
            LockSupport.unpark(thread);
        }
    }

    /** Whether the last push is done (or failed) within {@code wait}. */
    public boolean await(Duration wait) {
        try {
            return done.await(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public long attempts() {
        return attempts.get();
    }

    public long failures() {
        return failures.get();
    }

    public Optional<String> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    private void push() {
        long stamp = Math.max(epochMillis.getAsLong(), lastStamp + 1);
        lastStamp = stamp;
        attempts.incrementAndGet();
        try {
            receiver.push(source.get(), stamp, timeout);
        } catch (Receiver.PushFailure e) {
            failed(e.getMessage());
        } catch (RuntimeException e) {
            failed(e.toString());
        }
    }

    private void failed(String reason) {
        failures.incrementAndGet();
        lastFailure = reason;
        // the last push's failure is the caller's to report, in the end-of-run lines
        if (running && warned.compareAndSet(false, true)) {
            warn.accept("cannot push metrics: " + receiver.describe() + " failed (" + reason
                    + "); the run goes on, and failed pushes are counted in loadgen_metrics_push_failed_total");
        }
    }
}
