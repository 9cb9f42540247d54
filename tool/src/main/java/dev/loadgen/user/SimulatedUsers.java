package dev.loadgen.user;

import dev.loadgen.behavior.Behavior;
import dev.loadgen.behavior.Catalogue;
import dev.loadgen.behavior.UserState;
import dev.loadgen.engine.UserBody;
import dev.loadgen.engine.UserContext;
import dev.loadgen.metrics.UserCounters;
import dev.loadgen.tracing.ActionSpan;
import dev.loadgen.tracing.Tracing;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The users of a run, as the engine starts them. Each draws a persona, then runs sessions: walk the
 * persona's flow, pausing after each action for the persona's think time plus the time to read what the
 * action showed; at the end log out, or (with the persona's abandon rate) just close the app. In the closed
 * model a user starts a new session after a gap; in the open model it leaves after one. With tracing on,
 * each action is the root span of a trace, and so is the end of a session (its log-out).
 */
public final class SimulatedUsers implements UserBody {
    private final Catalogue catalogue;
    private final List<Behavior> behaviors;
    private final Personas personas;
    private final ThinkTime gap;
    private final UserCounters counters;
    private final long seed;
    private final Tracing tracing;

    public SimulatedUsers(Catalogue catalogue, Personas personas, ThinkTime gap, UserCounters counters, long seed) {
        this(catalogue, personas, gap, counters, seed, Tracing.off());
    }

    public SimulatedUsers(Catalogue catalogue, Personas personas, ThinkTime gap, UserCounters counters, long seed,
                          Tracing tracing) {
        this.tracing = tracing;
        this.catalogue = catalogue;
        this.behaviors = catalogue.behaviors();
        this.personas = personas;
        this.gap = gap;
        this.counters = counters;
        this.seed = seed;
    }

    /**
     * The user's own generator: a function of the run's seed and the user's number only (SplitMix64's
     * finaliser over both), so the same seed gives every user the same choices, whatever thread runs it
     * and whichever execution segment it lands in.
     */
    public static SplittableRandom rngFor(long seed, long user) {
        long z = seed + user * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new SplittableRandom(z ^ (z >>> 31));
    }

    @Override
    public void run(UserContext ctx) throws InterruptedException {
        SplittableRandom rng = rngFor(seed, ctx.user());
        Persona persona = personas.draw(rng);
        UserState s = catalogue.newUser(ctx.user(), rng, persona.name());
        PersonaPacer pacer = new PersonaPacer(persona, ctx, rng);
        s.pacer(pacer);
        counters.userStarted(persona.name());
        boolean inSession = false;
        Pace pace = new Pace(ctx);
        try {
            long due = ctx.intendedStartNanos();
            while (true) {
                s.beginSession();
                for (Behavior b : behaviors) {
                    b.beginSession(s);
                }
                inSession = true;
                boolean finished = session(ctx, s, persona, pacer, due, pace);
                boolean logOut = finished && rng.nextDouble() >= persona.abandon();
                pace.act(() -> {
                    try (ActionSpan span = span("session.end", s)) {
                        for (Behavior b : behaviors) {
                            b.endSession(s, logOut);
                        }
                    }
                });
                inSession = false;
                if (logOut) {
                    counters.sessionCompleted(persona.name());
                } else {
                    counters.sessionAbandoned(persona.name());
                }
                if (!finished || ctx.singleSession()) {
                    return;
                }
                due = ctx.clock().nanoTime() + gap.nextNanos(rng);
                pace.paused(due - ctx.clock().nanoTime());
                if (!ctx.sleepUntil(due)) {
                    return;
                }
            }
        } finally {
            if (inSession) {
                counters.sessionAbandoned(persona.name());
                for (Behavior b : behaviors) {
                    try {
                        b.endSession(s, false);
                    } catch (InterruptedException | RuntimeException e) {
                        // the user is being torn down: closing its sockets is best effort
                    }
                }
            }
            counters.userEnded(persona.name());
        }
    }

    /** One session; false if it was cut short by a stop request. */
    private boolean session(UserContext ctx, UserState s, Persona persona, PersonaPacer pacer, long firstDue,
                            Pace pace) throws InterruptedException {
        ActionPolicy.Walk walk = persona.policy().start();
        long due = firstDue;
        while (true) {
            if (ctx.stopping()) {
                return false;
            }
            Optional<Catalogue.Entry> next = walk.next(s.rng());
            if (next.isEmpty()) {
                return true;
            }
            Catalogue.Entry e = next.get();
            s.scheduleNext(due);
            long began = ctx.clock().nanoTime();
            pace.act(() -> {
                try (ActionSpan span = tracing.enabled() ? span(e.action().id(), s) : ActionSpan.NONE) {
                    e.behavior().perform(e.action(), s);
                }
            });
            long now = ctx.clock().nanoTime();
            long pause = persona.thinkAfter(e.action()).afterAction(s.rng(), now - began) + pacer.takeReading();
            counters.thought(persona.name(), pause);
            pace.paused(pause);
            due = now + pause;
            if (pause > 0 && !ctx.sleepUntil(due)) {
                return false;
            }
        }
    }

    /** The action's span. Callers check {@code tracing.enabled()} first where building the name costs. */
    private ActionSpan span(String name, UserState s) {
        return tracing.enabled() ? tracing.action(name, s.persona(), s.sessionId(), s.number()) : ActionSpan.NONE;
    }

    /** A persona's reading and typing speeds, applied on the user's own thread. */
    private static final class PersonaPacer implements dev.loadgen.behavior.Pacer {
        private final Persona persona;
        private final UserContext ctx;
        private final SplittableRandom rng;
        private final java.util.Map<dev.loadgen.config.Population.ThinkSpec, ThinkTime> pauses = new java.util.HashMap<>();
        private long readingNanos;

        PersonaPacer(Persona persona, UserContext ctx, SplittableRandom rng) {
            this.persona = persona;
            this.ctx = ctx;
            this.rng = rng;
        }

        @Override
        public long compose(int chars) throws InterruptedException {
            long now = ctx.clock().nanoTime();
            if (persona.typing().isEmpty()) {
                return ctx.stopping() ? -1 : now;
            }
            long ready = now + persona.typing().get().nanos(chars, rng);
            return ctx.sleepUntil(ready) ? ready : -1;
        }

        @Override
        public void read(int words) {
            persona.reading().ifPresent(r -> readingNanos += r.nanos(words, rng));
        }

        @Override
        public boolean pause(dev.loadgen.config.Population.ThinkSpec think) throws InterruptedException {
            return ctx.sleepUntil(ctx.clock().nanoTime() + pauses.computeIfAbsent(think, ThinkTimes::of).nextNanos(rng));
        }

        long takeReading() {
            long r = readingNanos;
            readingNanos = 0;
            return r;
        }
    }

    /** Work that may block. */
    @FunctionalInterface
    private interface Work {
        void run() throws InterruptedException;
    }

    /**
     * Where a user's actions run. A virtual thread keeps, while it waits, a stack chunk as large as the
     * deepest stack it ever waited in: an HTTP call deep in a behaviour leaves one of about 4.5 KB, which
     * the user would then hold through every think time. So a user who thinks runs each action on a
     * short-lived virtual thread and only waits for it; its own thread waits shallow, in its think time
     * and here. That costs a thread start and two hand-offs per action (docs/benchmarks.md), worth it for a
     * user who waits long enough for its memory to matter, not for one who hardly waits (--think 0, a
     * throughput test): after a pause under {@link #APART_AFTER} the next action runs inline. A user's
     * first action runs apart.
     */
    private static final class Pace {
        static final long APART_AFTER = 1_000_000_000L;

        private final UserContext ctx;
        private boolean busy; // the last pause was shorter than APART_AFTER

        Pace(UserContext ctx) {
            this.ctx = ctx;
        }

        void paused(long nanos) {
            busy = nanos < APART_AFTER;
        }

        void act(Work work) throws InterruptedException {
            if (busy) {
                work.run();
            } else {
                apart(work);
            }
        }

        /**
         * Runs {@code work} on a new virtual thread and waits for it, parking directly rather than in
         * {@link Thread#join}, whose latch would make the user's own stack (and so its chunk) deeper.
         */
        private void apart(Work work) throws InterruptedException {
            Thread user = Thread.currentThread();
            Outcome outcome = new Outcome();
            Thread action = Thread.ofVirtual().start(() -> {
                try {
                    work.run();
                } catch (Throwable e) {
                    outcome.failure = e;
                } finally {
                    outcome.done = true;
                    LockSupport.unpark(user);
                }
            });
            boolean told = false;
            while (!outcome.done) {
                LockSupport.park(outcome);
                if (ctx.stopping() && !told) {
                    // a stop request wakes the user's thread; pass it on to a wait inside the action (typing)
                    told = true;
                    LockSupport.unpark(action);
                }
                if (Thread.interrupted()) {
                    // a stop that will not wait: pass it on to the action and let it record how it ended
                    action.interrupt();
                    while (!outcome.done) {
                        LockSupport.park(outcome);
                    }
                    throw new InterruptedException();
                }
            }
            Throwable f = outcome.failure;
            if (f instanceof InterruptedException ie) {
                throw ie;
            } else if (f instanceof RuntimeException re) {
                throw re;
            } else if (f instanceof Error err) {
                throw err;
            } else if (f != null) {
                throw new IllegalStateException(f);
            }
        }

        /** How an action ended; written by its thread before it unparks the user's. */
        private static final class Outcome {
            volatile boolean done;
            Throwable failure;
        }
    }
}
