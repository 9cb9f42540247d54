package dev.loadgen.user;

import dev.loadgen.behavior.Behavior;
import dev.loadgen.behavior.Catalogue;
import dev.loadgen.behavior.UserSession;
import dev.loadgen.config.Population;
import dev.loadgen.engine.UserBody;
import dev.loadgen.engine.UserContext;
import dev.loadgen.metrics.UserCounters;
import dev.loadgen.tracing.ActionSpan;
import dev.loadgen.tracing.Tracing;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The users of a run, as the engine starts them: each arrives, runs sessions (sign in, a number of actions
 * with think time between, sign out) until its session budget or a stop, and leaves. In the closed model a
 * user starts a new session after a gap; in the open model it leaves after one. With tracing on, each
 * action is the root span of a trace, and so is the end of a session (its log-out).
 */
public final class SimulatedUsers implements UserBody {
    private static final String PERSONA = "default";

    private final List<Behavior> behaviors;
    private final ActionPolicy policy;
    private final ThinkTime think;
    private final ThinkTime gap;
    private final int meanActions;
    private final UserCounters counters;
    private final long seed;
    private final Tracing tracing;

    public SimulatedUsers(Catalogue catalogue, ActionPolicy policy, Population population, UserCounters counters, long seed) {
        this(catalogue, policy, population, counters, seed, Tracing.off());
    }

    public SimulatedUsers(Catalogue catalogue, ActionPolicy policy, Population population, UserCounters counters, long seed,
                          Tracing tracing) {
        this.tracing = tracing;
        this.behaviors = catalogue.behaviors();
        this.policy = policy;
        this.think = ThinkTimes.of(population.think());
        this.gap = ThinkTimes.of(population.session().gap());
        this.meanActions = population.session().meanActions();
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
        UserSession s = new UserSession(ctx.user(), rngFor(seed, ctx.user()), PERSONA);
        counters.userStarted(PERSONA);
        boolean clean = false;
        try {
            long due = ctx.intendedStartNanos();
            while (true) {
                s.beginSession();
                boolean completed = session(ctx, s, due);
                try (ActionSpan span = span("session.end", s)) {
                    for (Behavior b : behaviors) {
                        b.endSession(s, completed);
                    }
                }
                if (!completed) {
                    counters.sessionAbandoned(s.persona());
                    clean = true;
                    return;
                }
                counters.sessionCompleted(s.persona());
                if (ctx.singleSession()) {
                    clean = true;
                    return;
                }
                due = ctx.clock().nanoTime() + gap.nextNanos(s.rng());
                if (!ctx.sleepUntil(due)) {
                    clean = true;
                    return;
                }
            }
        } finally {
            if (!clean) {
                counters.sessionAbandoned(s.persona());
                for (Behavior b : behaviors) {
                    try {
                        b.endSession(s, false);
                    } catch (InterruptedException | RuntimeException e) {
                        // the user is being torn down: closing its sockets is best effort
                    }
                }
            }
            counters.userEnded(PERSONA);
        }
    }

    /** One session; false if it was cut short by a stop request. */
    private boolean session(UserContext ctx, UserSession s, long firstDue) throws InterruptedException {
        long actions = meanActions == 0 ? Long.MAX_VALUE : geometric(s, meanActions);
        long due = firstDue;
        for (long i = 0; i < actions; i++) {
            if (ctx.stopping()) {
                return false;
            }
            s.scheduleNext(due);
            Catalogue.Entry e = policy.next(s.rng());
            try (ActionSpan span = tracing.enabled() ? span(e.action().id(), s) : ActionSpan.NONE) {
                e.behavior().perform(e.action(), s);
            }
            long pause = think.nextNanos(s.rng());
            counters.thought(s.persona(), pause);
            due = ctx.clock().nanoTime() + pause;
            if (pause > 0 && !ctx.sleepUntil(due)) {
                return false;
            }
        }
        return true;
    }

    /** The action's span. Callers check {@code tracing.enabled()} first where building the name costs. */
    private ActionSpan span(String name, UserSession s) {
        return tracing.enabled() ? tracing.action(name, s.persona(), s.sessionId(), s.number()) : ActionSpan.NONE;
    }

    /** Actions in a session: geometric with the given mean, at least one. */
    private static long geometric(UserSession s, int mean) {
        if (mean <= 1) {
            return 1;
        }
        double p = 1.0 / mean;
        return 1 + (long) Math.floor(Math.log(1 - s.rng().nextDouble()) / Math.log(1 - p));
    }
}
