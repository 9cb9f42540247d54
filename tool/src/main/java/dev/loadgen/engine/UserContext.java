package dev.loadgen.engine;

import dev.loadgen.time.Clock;
import java.util.concurrent.locks.LockSupport;

/**
 * The engine's side of one running user: its global number, when it was meant to start (the arrival
 * time in the open model, so latency can be measured from it), whether it runs a single session, and
 * the stop signal. A stop request is soft: the user finishes its current action and leaves; only when
 * graceful stop runs out is its thread interrupted. A user whose body is {@link UserBody.Stepped} has a thread only
 * while a step runs; while it waits, {@link #thread()} is null and a stop request wakes it through the engine.
 */
public final class UserContext {
    private final long user;
    private final long intendedStartNanos;
    private final boolean singleSession;
    private final Clock clock;
    private volatile boolean stopping;
    private volatile Thread thread;
    /** The engine's, for a {@link UserBody.Stepped} body: the user's journey, and what a stop request also does. */
    UserBody.Journey journey;
    volatile Runnable onStop;
    /** The {@link Waker}'s, under its lock: whether the user waits there, and which of its entries is current. */
    boolean waiting;
    long waitingGeneration;
    /** The {@link Waker}'s: when the step it last resumed was meant to begin. */
    long wokenFor;

    public UserContext(long user, long intendedStartNanos, boolean singleSession, Clock clock) {
        this.user = user;
        this.intendedStartNanos = intendedStartNanos;
        this.singleSession = singleSession;
        this.clock = clock;
    }

    /** Global number of this user (from 1), the same in every execution segment. */
    public long user() {
        return user;
    }

    public long intendedStartNanos() {
        return intendedStartNanos;
    }

    /** Open model: one session, then leave. Closed model: sessions until stopped. */
    public boolean singleSession() {
        return singleSession;
    }

    /**
     * When the current step was meant to begin, if the engine resumed the user after a wait: the time the wait ended,
     * or up to a 256th of the wait (and {@code users.think-slack} at most) later when the engine woke it together with
     * others. Past this time the user is late. Zero for a user's first step.
     */
    public long wokenForNanos() {
        return wokenFor;
    }

    public Clock clock() {
        return clock;
    }

    public boolean stopping() {
        return stopping;
    }

    /**
     * Thinks until {@code deadlineNanos}, or less if asked to stop meanwhile.
     *
     * @return true if the whole wait elapsed, false if the user should stop now
     */
    public boolean sleepUntil(long deadlineNanos) throws InterruptedException {
        return clock.sleepUntil(deadlineNanos, this::stopping) && !stopping;
    }

    void bind(Thread t) {
        thread = t;
    }

    Thread thread() {
        return thread;
    }

    void requestStop() {
        stopping = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
        Runnable hook = onStop;
        if (hook != null) {
            hook.run();
        }
    }
}
