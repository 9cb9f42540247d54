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

/**
 * The users of a run, as the engine starts them. Each draws a persona, then runs sessions: walk the
 * persona's flow, pausing after each action for the persona's think time plus the time to read what the
 * action showed; at the end log out, or (with the persona's abandon rate) just close the app. In the closed
 * model a user starts a new session after a gap; in the open model it leaves after one. With tracing on,
 * each action is the root span of a trace, and so is the end of a session (its log-out).
 */
public final class SimulatedUsers implements UserBody.Stepped {
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
    public Journey begin(UserContext ctx) {
        return new Trip(ctx);
    }

    /** The user's whole life on the calling thread, waiting on the clock between steps (tests run users this way). */
    @Override
    public void run(UserContext ctx) throws InterruptedException {
        Trip trip = new Trip(ctx);
        for (long wake = trip.step(); wake != DONE; wake = trip.step()) {
            if (!ctx.sleepUntil(wake)) {
                trip.cut = true;
            }
        }
    }

    /**
     * One user's life as steps: a step runs the user's actions until it has to wait (its think time after an action, or
     * the gap between two sessions) and returns when to go on. Where it stands in between is in the fields.
     */
    private final class Trip implements Journey {
        private enum Next { START, SESSION, ACTION, END_SESSION, AFTER_GAP, DONE }

        private final UserContext ctx;
        private SplittableRandom rng;
        private Persona persona;
        private UserState s;
        private PersonaPacer pacer;
        private ActionPolicy.Walk walk;
        private Next next = Next.START;
        private boolean inSession;
        /** The session walked to its end (else a stop cut it short). */
        private boolean finished;
        /** Its wait was cut short by the clock ({@link #run}): as good as a stop request. */
        private boolean cut;
        /** When the next action was meant to begin (the user's own lag is measured from it). */
        private long due;

        Trip(UserContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public long step() throws InterruptedException {
            // woken a little after the wait asked for, with other users: the schedule moves with it, so the next
            // request's intended start does not count it as lateness
            due = Math.max(due, ctx.wokenForNanos());
            try {
                while (true) {
                    switch (next) {
                        case START -> {
                            rng = rngFor(seed, ctx.user());
                            persona = personas.draw(rng);
                            s = catalogue.newUser(ctx.user(), rng, persona.name());
                            pacer = new PersonaPacer(persona, ctx, rng);
                            s.pacer(pacer);
                            counters.userStarted(persona.name());
                            due = ctx.intendedStartNanos();
                            next = Next.SESSION;
                        }
                        case SESSION -> {
                            s.beginSession();
                            for (Behavior b : behaviors) {
                                b.beginSession(s);
                            }
                            inSession = true;
                            walk = persona.policy().start();
                            next = Next.ACTION;
                        }
                        case ACTION -> {
                            long wake = action();
                            if (wake != DONE) {
                                return wake;
                            }
                        }
                        case END_SESSION -> {
                            long wake = endSession();
                            if (wake != DONE) {
                                return wake;
                            }
                        }
                        case AFTER_GAP -> next = stopped() ? Next.DONE : Next.SESSION;
                        case DONE -> {
                            counters.userEnded(persona.name());
                            return DONE;
                        }
                    }
                }
            } catch (InterruptedException | RuntimeException | Error e) {
                abandon();
                throw e;
            }
        }

        private boolean stopped() {
            return cut || ctx.stopping();
        }

        /** The session's next action, and the think time after it; {@code DONE} when there is nothing to wait for. */
        private long action() throws InterruptedException {
            if (stopped()) {
                finished = false;
                next = Next.END_SESSION;
                return DONE;
            }
            Optional<Catalogue.Entry> picked = walk.next(s.rng());
            if (picked.isEmpty()) {
                finished = true;
                next = Next.END_SESSION;
                return DONE;
            }
            Catalogue.Entry e = picked.get();
            s.scheduleNext(due);
            long began = ctx.clock().nanoTime();
            try (ActionSpan span = tracing.enabled() ? span(e.action().id(), s) : ActionSpan.NONE) {
                e.behavior().perform(e.action(), s);
            }
            long now = ctx.clock().nanoTime();
            long pause = persona.thinkAfter(e.action()).afterAction(s.rng(), now - began) + pacer.takeReading();
            counters.thought(persona.name(), pause);
            due = now + pause;
            return pause > 0 ? due : DONE;
        }

        /** Logs out (or just leaves), then either the user is done or it waits for its next session. */
        private long endSession() throws InterruptedException {
            boolean logOut = finished && rng.nextDouble() >= persona.abandon();
            // the logout is due when the user went on, as an action's first request is; not at a time an action left
            // behind unsent (a text typed and then sent over a socket), which would count the think since as lag
            s.scheduleNext(due);
            try (ActionSpan span = span("session.end", s)) {
                for (Behavior b : behaviors) {
                    b.endSession(s, logOut);
                }
            }
            inSession = false;
            if (logOut) {
                counters.sessionCompleted(persona.name());
            } else {
                counters.sessionAbandoned(persona.name());
            }
            if (!finished || ctx.singleSession()) {
                next = Next.DONE;
                return DONE;
            }
            due = ctx.clock().nanoTime() + gap.nextNanos(rng);
            next = Next.AFTER_GAP;
            return due;
        }

        /** The user is torn down (interrupted, or a behaviour threw): its session ends unfinished, it leaves. */
        private void abandon() {
            // before START has run to its end the user was not counted as started; after DONE it has been counted as ended
            if (next == Next.START || next == Next.DONE) {
                return;
            }
            if (inSession) {
                inSession = false;
                counters.sessionAbandoned(persona.name());
                for (Behavior b : behaviors) {
                    try {
                        b.endSession(s, false);
                    } catch (InterruptedException | RuntimeException e) {
                        // the user is being torn down: closing its sockets is best effort
                    }
                }
            }
            next = Next.DONE;
            counters.userEnded(persona.name());
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
        public long pause(dev.loadgen.config.Population.ThinkSpec think) throws InterruptedException {
            long ended = ctx.clock().nanoTime() + pauses.computeIfAbsent(think, ThinkTimes::of).nextNanos(rng);
            return ctx.sleepUntil(ended) ? ended : -1;
        }

        long takeReading() {
            long r = readingNanos;
            readingNanos = 0;
            return r;
        }
    }
}
