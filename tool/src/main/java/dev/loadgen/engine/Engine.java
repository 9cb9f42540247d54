package dev.loadgen.engine;

import dev.loadgen.time.Clock;
import dev.loadgen.config.LoadProfile;
import dev.loadgen.config.Segment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.random.RandomGenerator;

/**
 * Runs a load profile: walks the closed model's {@link ClosedSchedule} or the open model's
 * {@link Arrivals} on the {@link Clock}, starting each user on its own virtual thread (a {@link UserBody.Stepped}
 * user: each of its steps, with no thread while it waits in between), then stops
 * gracefully. Arrivals that find {@code max-users} users running are dropped and reported, never queued:
 * a queue would hide the target's slowness (coordinated omission).
 *
 * <p>As a {@link LoadControl} it takes live changes from other threads: a change is handed over to the
 * engine's own thread, which wakes, re-plans the rest of the schedule from the clock's now and goes on,
 * so the schedule is only ever read and written by one thread.
 */
public final class Engine implements LoadControl {
    private final LoadProfile profile;
    private final UserBody body;
    /** {@code body}, when it is {@link UserBody.Stepped}; else null. */
    private final UserBody.Stepped stepped;
    private final Clock clock;
    private final EngineListener listener;
    private final RandomGenerator arrivalRng;
    /** Every user thread still alive; a number can be running twice (stopping, and started again). */
    private final Set<UserContext> running = ConcurrentHashMap.newKeySet();
    /** The latest context of each user number, which a stop event addresses. */
    private final Map<Long, UserContext> byNumber = new ConcurrentHashMap<>();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicReference<LiveChange> pending = new AtomicReference<>();
    /** Closed model: users the schedule has started and not stopped, the whole run's count. */
    private volatile long level;
    /** Open model: the rate curve in force and when it began, read by {@link #status()} from other threads. */
    private volatile RatePlan rate;
    private volatile Phase phase = Phase.STARTING;
    private volatile boolean stopRequested;
    /** Why the load ended early: {@code COMPLETED} until a stop; the gravest reason given wins. */
    private final AtomicReference<EngineResult.StopReason> stopReason = new AtomicReference<>(EngineResult.StopReason.COMPLETED);
    private volatile boolean aborted;
    private volatile Thread engineThread;
    /** Set once, by the engine's thread, when the instance joined its run late. */
    private volatile LateJoin lateJoin;
    /** Where users of a {@link UserBody.Stepped} body wait between steps, without a thread. */
    private final Waker waker;

    public Engine(LoadProfile profile, UserBody body, Clock clock, EngineListener listener, RandomGenerator arrivalRng) {
        this(profile, body, clock, listener, arrivalRng, Duration.ZERO);
    }

    /**
     * With {@code thinkSlack}: a {@link UserBody.Stepped} user may go on up to a 256th of its wait, and at most this
     * long, after the time it asked for, so that users whose waits end that close together are woken at once.
     */
    public Engine(LoadProfile profile, UserBody body, Clock clock, EngineListener listener, RandomGenerator arrivalRng,
                  Duration thinkSlack) {
        this.profile = profile;
        this.body = body;
        this.stepped = body instanceof UserBody.Stepped st ? st : null;
        this.clock = clock;
        this.listener = listener;
        this.arrivalRng = arrivalRng;
        this.rate = new RatePlan(new RateCurve(profile instanceof LoadProfile.Open o ? o.startRate() : 0, List.of()), 0);
        this.waker = new Waker(clock, this::resume, thinkSlack);
    }

    /** Runs the whole profile from now, and graceful stop; returns when every user has left. */
    public EngineResult run() throws InterruptedException {
        return run(clock.nanoTime(), false);
    }

    /**
     * Runs the whole profile as scheduled from {@code startNanos} on the clock, the moment that every instance of a
     * scaled-out run shares ({@code --start-at}), and graceful stop; returns when every user has left.
     *
     * <p>Called before that moment, the engine waits for it (a stop meanwhile ends the run with nobody started). Called
     * after it, the instance joins the schedule where it stands, so that the instances together still run the one
     * schedule and end together: in the closed model, the users the schedule has running by now start at once (those it
     * would have started and stopped again by now do not start at all); in the open model, the arrivals due before now
     * are not sent (all at once, they would be a burst that no single run sends) but counted. Everything after now, the
     * end of the load included, comes when the schedule has it. How it caught up is told to the listener
     * ({@link EngineListener#joinedLate}) and kept in the result; an instance late by less than the schedule's first user
     * (or arrival) had nothing to catch up, its load is as if it had been on time, and nothing is said.
     */
    public EngineResult run(long startNanos) throws InterruptedException {
        return run(startNanos, clock.nanoTime() > startNanos);
    }

    private EngineResult run(long t0, boolean late) throws InterruptedException {
        engineThread = Thread.currentThread();
        waker.start();
        try {
            clock.sleepUntil(t0, () -> stopRequested);
            phase = Phase.RUNNING;
            switch (profile) {
                case LoadProfile.Closed closed -> runClosed(closed, t0, late);
                case LoadProfile.Open open -> runOpen(open, t0, late);
            }
            phase = Phase.STOPPING;
            long loadEnd = Math.max(t0, clock.nanoTime());
            int interrupted = drain(profile.gracefulStop());
            return new EngineResult(loadEnd - t0, Math.max(t0, clock.nanoTime()) - t0, stopReason.get(), started.get(), peak.get(),
                    dropped.get(), interrupted, Optional.ofNullable(lateJoin));
        } finally {
            phase = Phase.ENDED;
            waker.close();
        }
    }

    /** Ends the load now and starts graceful stop (first Ctrl-C, or the control API). */
    @Override
    public void stop() {
        stop(EngineResult.StopReason.STOPPED);
    }

    /**
     * Ends the load now and starts graceful stop, as {@link #stop()} does, with {@code reason} as why the run
     * ended: {@code ABORTED} when the run failed on its own terms (a threshold with abort-on-fail), not
     * because someone stopped it. The gravest reason given so far is the one reported.
     */
    public void stop(EngineResult.StopReason reason) {
        stopReason.accumulateAndGet(reason, (a, b) -> a.compareTo(b) >= 0 ? a : b);
        stopRequested = true;
        wakeEngine();
    }

    /** Stops at once: interrupts every user (second Ctrl-C). */
    public void abort() {
        aborted = true;
        stopReason.set(EngineResult.StopReason.ABORTED);
        stopRequested = true;
        running.forEach(c -> {
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

    /**
     * The threads of this run that wait on the clock, or will: users that have a thread (all but those waiting in the
     * {@link Waker}), and the waker's own. A test's virtual clock moves time only when that many wait.
     */
    int threadsOnClock() {
        return running.size() - waker.waiting() + (waker.alive() ? 1 : 0);
    }

    @Override
    public Status status() {
        if (profile instanceof LoadProfile.Closed) {
            return new Status(Model.CLOSED, level, running.size(), phase);
        }
        RatePlan r = rate;
        double now = phase == Phase.RUNNING ? r.curve().ratePerSecondAt(clock.nanoTime() - r.baseNanos()) : 0;
        return new Status(Model.OPEN, now, running.size(), phase);
    }

    @Override
    public void setUsers(int users, Duration over) {
        if (users < 0) {
            throw new IllegalArgumentException("users must be 0 or more, got " + users);
        }
        change(Model.CLOSED, users, over);
    }

    @Override
    public void setRate(double perSecond, Duration over) {
        if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("the rate must be a number of sessions per second, 0 or more, got " + perSecond);
        }
        change(Model.OPEN, perSecond, over);
    }

    private void change(Model model, double newTarget, Duration over) {
        if (over.isNegative()) {
            throw new IllegalArgumentException("the time to reach the new target must be 0 or more, got " + over);
        }
        if (status().model() != model) {
            throw new IllegalStateException(model == Model.CLOSED
                    ? "this run uses the open model (sessions arriving at a rate): change the rate, not the users"
                    : "this run uses the closed model (a number of users): change the users, not the rate");
        }
        if (stopRequested || phase == Phase.STOPPING || phase == Phase.ENDED) {
            throw new IllegalStateException("the load has ended; nothing left to change");
        }
        pending.set(new LiveChange(newTarget, over));
        wakeEngine();
    }

    private void runClosed(LoadProfile.Closed closed, long t0, boolean late) throws InterruptedException {
        long end = t0 + closed.duration().toNanos();
        // the whole run's schedule, so that the level is the global one; this segment's share is picked below
        List<UserEvent> events = ClosedSchedule.of(closed.stages(), Segment.WHOLE);
        long base = t0;
        int next = late && !stopRequested ? catchUp(events, t0, closed.segment()) : 0;
        while (!stopRequested) {
            LiveChange change = pending.getAndSet(null);
            if (change != null) {
                long now = clock.nanoTime();
                events = ClosedSchedule.from(level, change.stages(now, end), Segment.WHOLE);
                base = now;
                next = 0;
            }
            long due = next < events.size() ? base + events.get(next).atNanos() : end;
            if (!clock.sleepUntil(due, this::interrupting)) {
                continue;
            }
            if (next >= events.size()) {
                return;
            }
            UserEvent e = events.get(next++);
            level += e.kind() == UserEvent.Kind.START ? 1 : -1;
            if (!closed.segment().owns(e.user() - 1)) {
                continue;
            }
            if (e.kind() == UserEvent.Kind.START) {
                launch(new UserContext(e.user(), base + e.atNanos(), false, clock));
            } else {
                UserContext c = byNumber.get(e.user());
                if (c != null) {
                    c.requestStop();
                }
            }
        }
    }

    /**
     * Joining late in the closed model: walks the events already due, as the level of the whole run, and starts at once this
     * segment's users that are running by now. Returns the index of the first event still to come.
     */
    private int catchUp(List<UserEvent> events, long t0, Segment segment) {
        long now = clock.nanoTime();
        Set<Long> due = new TreeSet<>();
        int next = 0;
        while (next < events.size() && t0 + events.get(next).atNanos() <= now) {
            UserEvent e = events.get(next++);
            boolean start = e.kind() == UserEvent.Kind.START;
            level += start ? 1 : -1;
            if (segment.owns(e.user() - 1)) {
                if (start) {
                    due.add(e.user());
                } else {
                    due.remove(e.user());
                }
            }
        }
        if (!due.isEmpty()) {
            joined(new LateJoin(now - t0, due.size(), 0));
        }
        // their intended start is now, when they can start: the time before is the instance's lateness, said apart, not lag
        due.forEach(user -> launch(new UserContext(user, now, false, clock)));
        return next;
    }

    private void joined(LateJoin join) {
        lateJoin = join;
        listener.joinedLate(join);
    }

    private void runOpen(LoadProfile.Open open, long t0, boolean late) throws InterruptedException {
        long end = t0 + open.duration().toNanos();
        long cap = open.segment().share(open.maxUsers());
        RateCurve curve = new RateCurve(open.startRate(), open.stages());
        Arrivals arrivals = Arrivals.of(open, arrivalRng);
        long base = t0;
        rate = new RatePlan(curve, base);
        long at = arrivals.nextNanos();
        if (late && !stopRequested) {
            long elapsed = clock.nanoTime() - t0;
            long missed = 0;
            for (; at >= 0 && at < elapsed; at = arrivals.nextNanos()) {
                missed++;
            }
            if (missed > 0) {
                joined(new LateJoin(elapsed, 0, missed));
            }
        }
        while (!stopRequested) {
            LiveChange change = pending.getAndSet(null);
            if (change != null) {
                long now = clock.nanoTime();
                // the arrival drawn but not made (or the number after the last) starts the new plan
                curve = new RateCurve(curve.ratePerSecondAt(now - base), change.stages(now, end));
                arrivals = Arrivals.continuing(open.arrivals(), curve, arrivalRng, arrivals.index(), open.segment());
                base = now;
                at = arrivals.nextNanos();
                rate = new RatePlan(curve, base);
            }
            if (!clock.sleepUntil(at < 0 ? end : base + at, this::interrupting)) {
                continue;
            }
            if (at < 0) {
                return;
            }
            if (running.size() >= cap) {
                dropped.incrementAndGet();
                listener.sessionDropped(arrivals.index());
            } else {
                launch(new UserContext(arrivals.index() + 1, base + at, true, clock));
            }
            at = arrivals.nextNanos();
        }
    }

    private record RatePlan(RateCurve curve, long baseNanos) {}

    private boolean interrupting() {
        return stopRequested || pending.get() != null;
    }

    private void launch(UserContext ctx) {
        Thread t = null;
        if (stepped != null) {
            ctx.journey = stepped.begin(ctx);
            ctx.onStop = () -> waker.expedite(ctx);
        } else {
            t = Thread.ofVirtual().unstarted(() -> runUser(ctx));
            ctx.bind(t);
        }
        running.add(ctx);
        byNumber.put(ctx.user(), ctx);
        peak.accumulateAndGet(running.size(), Math::max);
        started.incrementAndGet();
        listener.userStarted(ctx.user());
        if (t == null) {
            resume(ctx);
        } else {
            t.start();
        }
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
            ended(ctx, interrupted | Thread.currentThread().isInterrupted());
        }
    }

    /** A stepped user's next step, on a virtual thread of its own. */
    private void resume(UserContext ctx) {
        Thread t = Thread.ofVirtual().unstarted(() -> step(ctx));
        ctx.bind(t);
        t.start();
    }

    private void step(UserContext ctx) {
        long wake = UserBody.Stepped.DONE;
        boolean interrupted = false;
        try {
            wake = ctx.journey.step();
        } catch (InterruptedException e) {
            interrupted = true;
        } catch (Throwable e) {
            listener.userFailed(ctx.user(), e);
        }
        ctx.bind(null);
        if (wake != UserBody.Stepped.DONE) {
            // Interrupted after its step returned, the user still goes to the waker: a stop came with the interrupt,
            // so it comes straight back and ends its session as a stopped user does, in its next step.
            waker.schedule(ctx, wake);
        } else {
            ended(ctx, interrupted | Thread.currentThread().isInterrupted());
        }
    }

    private void ended(UserContext ctx, boolean interrupted) {
        // reported while still counted as running, so whoever waits for the running users to settle
        // (the engine, a virtual clock) sees the end before the user is gone
        listener.userEnded(ctx.user(), interrupted);
        running.remove(ctx);
        byNumber.remove(ctx.user(), ctx);
        // only the drain waits for users to end; while the load runs, the engine's sleep does not depend on them (in the
        // open model a wake-up per ended session cost the engine thread a futex wake and a needless turn of its loop)
        if (phase != Phase.RUNNING) {
            wakeEngine();
        }
    }

    /** Graceful stop: ask everyone to stop, wait up to {@code grace}, then interrupt whoever is left. */
    private int drain(Duration grace) throws InterruptedException {
        running.forEach(UserContext::requestStop);
        long deadline = clock.nanoTime() + grace.toNanos();
        clock.sleepUntil(deadline, () -> running.isEmpty() || aborted);
        int left = running.size();
        if (left > 0) {
            running.forEach(c -> {
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
