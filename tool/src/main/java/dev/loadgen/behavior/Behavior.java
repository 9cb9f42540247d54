package dev.loadgen.behavior;

import java.util.List;

/** The actions of one service. */
public interface Behavior {
    /** The actions this behaviour performs, with their default weights. */
    List<Action> actions();

    /**
     * Performs one action for a user; the target's failures are recorded, not thrown. A user performs one
     * action at a time, but not always on the same thread (a user who thinks runs each action on a virtual
     * thread of its own): keep per-user state in the {@link UserSession}, not in thread-locals.
     */
    void perform(Action action, UserSession session) throws InterruptedException;

    /** Called when a user's session ends (log out, close sockets); {@code graceful} is false when cut off. */
    default void endSession(UserSession session, boolean graceful) throws InterruptedException {}
}
