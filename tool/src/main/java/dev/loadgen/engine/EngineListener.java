package dev.loadgen.engine;

/** What the engine reports as it runs; metrics and the console listen. All calls may come from any thread. */
public interface EngineListener {
    default void userStarted(long user) {}

    default void userEnded(long user, boolean interrupted) {}

    /** Open model: an arrival found {@code max-users} users already running and was not started. */
    default void sessionDropped(long arrival) {}

    /** The run began before this instance did: it joined the schedule where it stood (see {@link Engine#run(long)}). */
    default void joinedLate(LateJoin join) {}

    /** A user's body threw: a bug in a behaviour, reported and counted, the run goes on. */
    default void userFailed(long user, Throwable error) {}

    EngineListener NONE = new EngineListener() {};
}
