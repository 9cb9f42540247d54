package dev.loadgen.behavior;

import dev.loadgen.protocol.ClientSession;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * Runs a compiled {@link Scenario} for the users: every action of the scenario is an action of this
 * behaviour. An action's steps run in order; one that needs a value nobody set is skipped and counted, and
 * the action goes on; a step may end the action or hand it over to another action ({@code instead}).
 * Sockets kept for an action are closed when it ends; those kept for the session, and the login, when the
 * session ends.
 */
public final class ScenarioRuntime implements Behavior {
    /** How deep {@code instead} may nest: a loop of actions each sending the user to the next is a scenario's bug. */
    private static final int MAX_DEPTH = 8;

    private final Scenario scenario;
    private final Services services;
    private final Auth auth;
    private final String runId;
    private final AtomicLong messageIds = new AtomicLong();

    public ScenarioRuntime(Scenario scenario, Services services, String runId) {
        this.scenario = scenario;
        this.services = services;
        this.runId = runId;
        this.auth = new Auth(this, scenario.auth());
    }

    Services services() {
        return services;
    }

    Auth auth() {
        return auth;
    }

    String runId() {
        return runId;
    }

    long nextMessageId() {
        return messageIds.incrementAndGet();
    }

    /** Every action the scenario declares, used by a persona or not (for did-you-mean). */
    List<String> declaredActions() {
        return scenario.declared();
    }

    @Override
    public List<Action> actions() {
        return scenario.actions().stream().map(a -> new Action(a.name())).toList();
    }

    /** The user's values by name (those set), for tools that show what a user holds ({@code loadgen try}). */
    public java.util.Map<String, Object> values(UserState user) {
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (Variables.Var v : scenario.variables().all()) {
            Object o = user.get(v.slot());
            if (o != null && !(o instanceof java.util.Collection<?> c && c.isEmpty())) {
                out.put(v.name(), o instanceof java.util.Collection<?> c ? java.util.List.copyOf(c) : o);
            }
        }
        return out;
    }

    /** A new user of the scenario: its slots, its connections (its own unless the run shares one pool). */
    public UserState newUser(long number, RandomGenerator rng, String persona) {
        ClientSession http = services.target().sharedConnections() ? ClientSession.SHARED : ClientSession.of(number);
        return new UserState(number, rng, persona, services.clock(), scenario.variables().size(), scenario.socketSlots(),
                scenario.feeders().size(), http);
    }

    /**
     * Signs the account pool up ({@code users.account: pool}), each pool user with a generator split from
     * {@code seed}; returns how many were signed up, of how many.
     */
    public int[] registerPool(RandomGenerator.SplittableGenerator seed) throws InterruptedException {
        return new int[] {auth.registerPool(seed), auth.poolSize()};
    }

    @Override
    public void beginSession(UserState user) {
        user.clear(scenario.sessionSlots());
        for (Feeders.Feeder f : scenario.feeders()) {
            if (f.perSession()) {
                user.rows[f.index()] = null;
            }
        }
        if (!scenario.keepCookies()) {
            user.http().clearCookies();
        }
    }

    @Override
    public void perform(Action action, UserState user) throws InterruptedException {
        try {
            run(action.id(), user, false, 0);
        } finally {
            closeActionSockets(user, action.id(), null);
        }
    }

    /**
     * Runs an action of the login's (sign-up, login, refresh, log-out): true when every request of it
     * succeeded. It may run in the middle of another action (a refresh before a request, a login again
     * after a 401): that action's values and sockets are left as they were.
     */
    boolean runAuthAction(String name, UserState user) throws InterruptedException {
        int[] slots = scenario.actionSlots();
        Object[] saved = new Object[slots.length];
        for (int i = 0; i < slots.length; i++) {
            saved[i] = user.get(slots[i]);
        }
        boolean[] openBefore = new boolean[user.sockets.length];
        for (int i = 0; i < openBefore.length; i++) {
            openBefore[i] = user.sockets[i] != null && user.sockets[i].open();
        }
        try {
            return run(name, user, true, 0);
        } finally {
            closeActionSockets(user, name, openBefore);
            for (int i = 0; i < slots.length; i++) {
                user.set(slots[i], saved[i]);
            }
        }
    }

    private boolean run(String name, UserState user, boolean authAction, int depth) throws InterruptedException {
        Scenario.CompiledAction a = scenario.action(name);
        ActionRun run = new ActionRun(this, user, name, authAction);
        user.clear(a.locals());
        for (int i = 0; i < a.steps().length; i++) {
            Step.Next next = run.step(a.steps()[i], a.stepNames()[i]);
            if (next instanceof Step.Next.Instead instead) {
                if (depth >= MAX_DEPTH) {
                    run.skip(a.stepNames()[i], "instead: more than " + MAX_DEPTH + " actions handed over in a row");
                    return false;
                }
                return run(instead.action(), user, authAction, depth + 1);
            }
            if (next == Step.Next.END) {
                break;
            }
        }
        return run.succeeded();
    }

    /** Closes the sockets kept for the action that ended, except those open before it began ({@code keep}: null for none). */
    private void closeActionSockets(UserState user, String action, boolean[] keep) {
        ActionRun run = null;
        for (Sockets.Spec spec : scenario.sockets()) {
            Sockets.State s = user.sockets[spec.index()];
            if (!spec.keepForSession() && s != null && s.open() && (keep == null || !keep[spec.index()])) {
                run = run == null ? new ActionRun(this, user, action, false) : run;
                Sockets.close(run, spec, s, true);
            }
        }
    }

    @Override
    public void endSession(UserState user, boolean graceful) throws InterruptedException {
        ActionRun run = new ActionRun(this, user, "session end", true);
        for (Sockets.Spec spec : scenario.sockets()) {
            Sockets.State s = user.sockets[spec.index()];
            if (s != null && s.session != null) {
                Sockets.close(run, spec, s, graceful);
            }
        }
        auth.endSession(user, graceful);
    }

    /**
     * A row of a data file for this user (or session); null when a unique file has none left, warned about
     * once for the file (the steps that then lack its values are skipped, and counted, as any such step).
     */
    Object[] draw(int feeder, UserState user) {
        Feeders.Feeder f = scenario.feeders().get(feeder);
        Object[] row = f.draw(user);
        if (row == null) {
            services.warnOnce("data " + f.name(), "data '" + f.name() + "': every one of its " + f.size() + " rows is taken (order: unique); "
                    + "the users after that skip the steps that need it (counted); give more rows, or order: circular");
        }
        return row;
    }
}
