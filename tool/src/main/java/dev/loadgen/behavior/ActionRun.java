package dev.loadgen.behavior;

import dev.loadgen.protocol.HttpReply;
import dev.loadgen.time.Clock;
import java.util.List;

/**
 * One action of one user as it runs: the user, the scenario's runtime, the last response (for {@code if:
 * {status: ...}}), and whether this is an auth action (which sends the token it has instead of logging in
 * again). Steps read and write the user's values through it.
 */
final class ActionRun {
    private final ScenarioRuntime runtime;
    private final UserState user;
    private final String action;
    private final boolean authAction;
    private int lastStatus = -1;
    private boolean failed;

    ActionRun(ScenarioRuntime runtime, UserState user, String action, boolean authAction) {
        this.runtime = runtime;
        this.user = user;
        this.action = action;
        this.authAction = authAction;
    }

    ScenarioRuntime runtime() {
        return runtime;
    }

    UserState user() {
        return user;
    }

    String action() {
        return action;
    }

    Clock clock() {
        return user.clock();
    }

    boolean inAuthAction() {
        return authAction;
    }

    int lastStatus() {
        return lastStatus;
    }

    void last(HttpReply reply) {
        lastStatus = reply.status();
        failed |= !reply.ok();
    }

    /** True when every request of the action succeeded and no step was skipped. */
    boolean succeeded() {
        return !failed;
    }

    Object get(Variables.Var v) {
        return user.get(v.slot());
    }

    void set(Variables.Var v, Object value) {
        if (v.isList() && value != null) {
            // the value may be the list itself (set: {seen: "${seen}"}): read it before emptying the list
            java.util.List<Object> items = new java.util.ArrayList<>(Scalars.items(value));
            Scalars.Bounded list = list(v);
            list.clear();
            items.forEach(list::remember);
        } else {
            user.set(v.slot(), value);
        }
    }

    /** A declared list of the user, made empty on first use. */
    Scalars.Bounded list(Variables.Var v) {
        Object o = user.get(v.slot());
        if (o instanceof Scalars.Bounded b) {
            return b;
        }
        Scalars.Bounded b = new Scalars.Bounded(v.listMax());
        user.set(v.slot(), b);
        return b;
    }

    /** A column of the data row drawn for this user (or session); null when the file has no row left for it. */
    Object row(int feeder, int column) {
        Object[] r = user.rows[feeder];
        if (r == null) {
            r = runtime.draw(feeder, user);
            if (r == null) {
                return null;
            }
            user.rows[feeder] = r;
        }
        return r[column];
    }

    Sockets.State socket(Sockets.Spec spec) {
        Sockets.State s = user.sockets[spec.index()];
        if (s == null) {
            s = new Sockets.State();
            user.sockets[spec.index()] = s;
        }
        return s;
    }

    /** The groups the user's socket has joined (empty when it is not open). */
    List<String> groups(int socket) {
        Sockets.State s = user.sockets[socket];
        return s == null || s.groups.isEmpty() ? List.of() : List.copyOf(s.groups);
    }

    String runId() {
        return runtime.runId();
    }

    String nextMessageId() {
        return user.number() + "-" + runtime.nextMessageId();
    }

    /** Counts a step that did not run, and why. */
    void skip(String step, String why) {
        failed = true;
        runtime.services().metrics().skips().skipped(step + ": " + why);
    }

    /** Runs a step of a group, counting it as skipped when it needs a value nobody set. */
    Step.Next step(Step s, String name) throws InterruptedException {
        try {
            return s.run(this);
        } catch (Template.Missing m) {
            skip(name, "${" + m.expression() + "} is not set");
            return Step.Next.GO_ON;
        }
    }
}
