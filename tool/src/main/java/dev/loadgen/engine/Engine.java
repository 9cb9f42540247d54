package dev.loadgen.engine;

import dev.loadgen.config.LoadProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.random.RandomGenerator;

/**
 * Runs a load profile: walks the closed model's {@link ClosedSchedule} or the open model's
 * {@link Arrivals} on the {@link Clock}, starting each user on its own virtual thread, then stops
 * gracefully. Arrivals that find {@code max-users} users running are dropped and reported, never queued:
 * a queue would hide the target's slowness (coordinated omission).
 */
public final class Engine {
    private final LoadProfile profile;
    private final UserBody body;
    private final Clock clock;
    private final EngineListener listener;
    private final RandomGenerator arrivalRng;
    private final Map<Long, UserContext> running = new ConcurrentHashMap<>();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean stopRequested;
    private volatile boolean aborted;
    private volatile Thread engineThread;

    public Engine(LoadProfile profile, UserBody body, Clock clock, EngineListener listener, RandomGenerator arrivalRng) {
        this.profile = profile;
        this.body = body;
        this.clock = clock;
        this.listener = listener;
        this.arrivalRng = arrivalRng;
    }

    /** Runs the whole profile and graceful stop; returns when every user has left. */
    public EngineResult run() throws InterruptedException {
        engineThread = Thread.currentThread();
        long t0 = clock.nanoTime();
        switch (profile) {
            case LoadProfile.Closed closed -> runClosed(closed, t0);
            case LoadProfile.Open open -> runOpen(open, t0);
        }
        long loadEnd = clock.nanoTime();
        int interrupted = drain(profile.gracefulStop());
        EngineResult.StopReason reason = aborted ? EngineResult.StopReason.ABORTED
                : stopRequested ? EngineResult.StopReason.STOPPED : EngineResult.StopReason.COMPLETED;
        return new EngineResult(loadEnd - t0, clock.nanoTime() - t0, reason, started.get(), peak.get(), dropped.get(), interrupted);
    }

    /** Ends the load now and starts graceful stop (first Ctrl-C, or the control API). */
    public void stop() {
        stopRequested = true;
        wakeEngine();
    }

    /** Stops at once: interrupts every user (second Ctrl-C). */
    public void abort() {
        aborted = true;
        stopRequested = true;
        running.values().forEach(c -> {
            c.requestStop();
            Thread t = c.thread();
            if (t != null) {
                t.interrupt();
            }
        });
        wakeEngine();
    }

    public int runningUsers() {
        return running.size();
    }

    private void runClosed(LoadProfile.Closed closed, long t0) throws InterruptedException {
        List<UserEvent> events = ClosedSchedule.of(closed);
        for (UserEvent e : events) {
            if (!clock.sleepUntil(t0 + e.atNanos(), () -> stopRequested)) {
                return;
            }
            if (e.kind() == UserEvent.Kind.START) {
                launch(new UserContext(e.user(), t0 + e.atNanos(), false, clock));
            } else {
                UserContext c = running.get(e.user());
                if (c != null) {
                    c.requestStop();
                }
            }
        }
        clock.sleepUntil(t0 + closed.duration().toNanos(), () -> stopRequested);
    }

    private void runOpen(LoadProfile.Open open, long t0) throws InterruptedException {
        Arrivals arrivals = Arrivals.of(open, arrivalRng);
        long cap = open.segment().share(open.maxUsers());
        long end = t0 + open.duration().toNanos();
        for (long at = arrivals.nextNanos(); at >= 0; at = arrivals.nextNanos()) {
            if (!clock.sleepUntil(t0 + at, () -> stopRequested)) {
                return;
            }
            if (running.size() >= cap) {
                dropped.incrementAndGet();
                listener.sessionDropped(arrivals.index());
            } else {
                launch(new UserContext(arrivals.index() + 1, t0 + at, true, clock));
            }
        }
        clock.sleepUntil(end, () -> stopRequested);
    }

    private void launch(UserContext ctx) {
        Thread t = Thread.ofVirtual().unstarted(() -> runUser(ctx));
        ctx.bind(t);
        running.put(ctx.user(), ctx);
        peak.accumulateAndGet(running.size(), Math::max);
        started.incrementAndGet();
        listener.userStarted(ctx.user());
        t.start();
    }

    private void runUser(UserContext ctx) {
        boolean interrupted = false;
        try {
            body.run(ctx);
        } catch (InterruptedException e) {
            interrupted = true;
        } catch (Throwable e) {
            listener.userFailed(ctx.user(), e);
        } finally {
            interrupted |= Thread.currentThread().isInterrupted();
            running.remove(ctx.user());
            listener.userEnded(ctx.user(), interrupted);
            wakeEngine();
        }
    }

    /** Graceful stop: ask everyone to stop, wait up to {@code grace}, then interrupt whoever is left. */
    private int drain(Duration grace) throws InterruptedException {
        running.values().forEach(UserContext::requestStop);
        long deadline = clock.nanoTime() + grace.toNanos();
        clock.sleepUntil(deadline, () -> running.isEmpty() || aborted);
        int left = running.size();
        if (left > 0) {
            running.values().forEach(c -> {
                Thread t = c.thread();
                if (t != null) {
                    t.interrupt();
                }
            });
            clock.sleepUntil(clock.nanoTime() + Duration.ofSeconds(10).toNanos(), running::isEmpty);
        }
        return left;
    }

    private void wakeEngine() {
        Thread t = engineThread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }
}
