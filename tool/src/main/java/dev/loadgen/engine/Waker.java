package dev.loadgen.engine;

import dev.loadgen.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * The users who wait without a thread ({@link UserBody.Stepped}), by the time each goes on at, and the one thread
 * that waits for the earliest of them on the clock and hands each, when its time comes, to {@code resume}. A user
 * asked to stop meanwhile goes on at once ({@link #expedite}).
 *
 * <p>With a slack ({@code users.think-slack}; none by default) a user may go on a little later than asked, so that one
 * wake-up of the thread serves several users: at most 1/256 of its wait and at most the slack after (20 µs on a 5 ms
 * pause; 2 ms, with a slack of 2 ms, on a think of half a second or more), never sooner. Each wake-up costs the thread
 * a timed park and a context switch, and each user it resumes a virtual thread's start; gathered, 5,000 users who think
 * 5 s are woken two or three at a time rather than one by one. The price is requests sent in small bunches rather than
 * each at its own time, which the target and the generator both feel (docs/benchmarks.md). The user learns the time it
 * was meant to go on at ({@link UserContext#wokenForNanos()}), so that what it measures from its schedule (its next
 * request's intended start) does not count the gathering as lateness.
 *
 * <p>A heap of (latest time, time, user, generation) under one lock, by latest time: scheduling is O(log n), and an
 * expedited user gets a second entry rather than a search for its first; whichever comes out first resumes the user,
 * the other finds the user's generation moved on and is dropped. The thread sleeps until the earliest latest time and
 * then resumes, from the top of the heap, every user whose time has come.
 */
final class Waker {
    private static final long IDLE_NANOS = Duration.ofHours(1).toNanos();
    /** A user goes on at most its wait shifted right by this many bits (1/256 of it) after its time. */
    private static final int SLACK_SHIFT = 8;

    private record Entry(long latestNanos, long atNanos, UserContext user, long generation) {}

    private final Clock clock;
    private final Consumer<UserContext> resume;
    /** The most a user goes on after its time, to share a wake-up with others. */
    private final long maxSlackNanos;
    private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> Long.compare(a.latestNanos(), b.latestNanos()));
    private final Thread thread;
    /** Users waiting here (a user counts once, however many entries it has). */
    private int waiting;
    /**
     * The time the thread sleeps towards, lowered to an earlier entry's latest time when one comes (which wakes the
     * thread): the users it resumes were meant to go on then, or at their own time if later; past it, they are late.
     */
    private long sleepsUntil = Long.MAX_VALUE;
    private volatile boolean changed;
    private volatile boolean closed;

    Waker(Clock clock, Consumer<UserContext> resume, Duration maxSlack) {
        this.clock = clock;
        this.resume = resume;
        this.maxSlackNanos = maxSlack.toNanos();
        this.thread = Thread.ofPlatform().daemon().name("loadgen-waker").unstarted(this::loop);
    }

    void start() {
        thread.start();
    }

    /**
     * {@code user} goes on at {@code atNanos} on the clock, or a little after it (a 256th of the wait, at most the
     * slack), or at once if it is asked to stop.
     */
    void schedule(UserContext user, long atNanos) {
        long latest = maxSlackNanos == 0 ? atNanos
                : atNanos + Math.min(maxSlackNanos, Math.max(0, atNanos - clock.nanoTime()) >> SLACK_SHIFT);
        boolean wake;
        synchronized (this) {
            user.waitingGeneration++;
            user.waiting = true;
            waiting++;
            queue.add(new Entry(latest, atNanos, user, user.waitingGeneration));
            wake = latest < sleepsUntil;
            if (wake) {
                sleepsUntil = latest;
            }
        }
        if (wake) {
            wake();
        }
        // a stop asked while the user was on its way here found it neither running nor waiting: look again
        if (user.stopping()) {
            expedite(user);
        }
    }

    /** If {@code user} waits here, it goes on now. */
    void expedite(UserContext user) {
        synchronized (this) {
            if (!user.waiting) {
                return;
            }
            queue.add(new Entry(Long.MIN_VALUE, Long.MIN_VALUE, user, user.waitingGeneration));
            sleepsUntil = Long.MIN_VALUE;
        }
        wake();
    }

    /** Users waiting here. */
    synchronized int waiting() {
        return waiting;
    }

    /** Whether the waker's thread is alive, so that a test's virtual clock knows to count it among the threads it waits for. */
    boolean alive() {
        return thread.isAlive();
    }

    /** Stops the thread; users still waiting stay where they are (the engine has asked them all to stop before). */
    void close() throws InterruptedException {
        closed = true;
        // interrupted too: a test's virtual clock releases a waiter only while someone drives it, and nobody does now
        thread.interrupt();
        thread.join();
    }

    private void wake() {
        changed = true;
        java.util.concurrent.locks.LockSupport.unpark(thread);
    }

    private void loop() {
        List<UserContext> due = new ArrayList<>();
        try {
            while (!closed) {
                long next;
                long now = clock.nanoTime();
                synchronized (this) {
                    changed = false;
                    long meant = Math.min(sleepsUntil, now);
                    while (!queue.isEmpty() && queue.peek().atNanos() <= now) {
                        Entry e = queue.poll();
                        if (e.user().waiting && e.generation() == e.user().waitingGeneration) {
                            e.user().waiting = false;
                            e.user().wokenFor = Math.max(e.atNanos(), meant);
                            waiting--;
                            due.add(e.user());
                        }
                    }
                    next = queue.isEmpty() ? now + IDLE_NANOS : queue.peek().latestNanos();
                    sleepsUntil = due.isEmpty() ? next : Long.MIN_VALUE;
                }
                if (!due.isEmpty()) {
                    due.forEach(resume);
                    due.clear();
                    continue;
                }
                clock.sleepUntil(next, () -> changed || closed);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
