package dev.loadgen.user;

import dev.loadgen.behavior.Behavior;
import dev.loadgen.behavior.Catalogue;
import dev.loadgen.behavior.UserSession;
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
public final class SimulatedUsers implements UserBody {
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
        UserSession s = new UserSession(ctx.user(), rng, persona.name());
        PersonaPacer pacer = new PersonaPacer(persona, ctx, rng);
        s.pacer(pacer);
        counters.userStarted(persona.name());
        boolean inSession = false;
        try {
            long due = ctx.intendedStartNanos();
            while (true) {
                s.beginSession();
                inSession = true;
                boolean finished = session(ctx, s, persona, pacer, due);
                boolean logOut = finished && rng.nextDouble() >= persona.abandon();
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
                    return;
                }
                due = ctx.clock().nanoTime() + gap.nextNanos(rng);
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
    private boolean session(UserContext ctx, UserSession s, Persona persona, PersonaPacer pacer, long firstDue)
            throws InterruptedException {
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
            try (ActionSpan span = tracing.enabled() ? span(e.action().id(), s) : ActionSpan.NONE) {
                e.behavior().perform(e.action(), s);
            }
            long now = ctx.clock().nanoTime();
            long pause = persona.thinkAfter(e.action()).afterAction(s.rng(), now - began) + pacer.takeReading();
            counters.thought(persona.name(), pause);
            due = now + pause;
            if (pause > 0 && !ctx.sleepUntil(due)) {
                return false;
            }
        }
    }

    /** The action's span. Callers check {@code tracing.enabled()} first where building the name costs. */
    private ActionSpan span(String name, UserSession s) {
        return tracing.enabled() ? tracing.action(name, s.persona(), s.sessionId(), s.number()) : ActionSpan.NONE;
    }

    /** A persona's reading and typing speeds, applied on the user's own thread. */
    private static final class PersonaPacer implements dev.loadgen.behavior.Pacer {
        private final Persona persona;
        private final UserContext ctx;
        private final SplittableRandom rng;
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

        long takeReading() {
            long r = readingNanos;
            readingNanos = 0;
            return r;
        }
    }
}
