package dev.loadgen.behavior;

import java.util.List;

/** Performs actions for users: the scenario's ({@link ScenarioRuntime}), or a plug-in's ({@link BehaviorProvider}). */
public interface Behavior {
    /** The actions this behaviour performs. */
    List<Action> actions();

    /**
     * Performs one action for a user; the target's failures are recorded, not thrown. A user performs one
     * action at a time, but not always on the same thread (a user holds no thread while it thinks, and goes on
     * on a new one): keep per-user state in the {@link UserState}, not in thread-locals.
     */
    void perform(Action action, UserState user) throws InterruptedException;

    /** Called when a user begins a session. */
    default void beginSession(UserState user) {}

    /** Called when a user's session ends (log out, close sockets); {@code graceful} is false when cut off. */
    default void endSession(UserState user, boolean graceful) throws InterruptedException {}
}
