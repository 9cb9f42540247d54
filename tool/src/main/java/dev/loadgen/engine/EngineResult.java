package dev.loadgen.engine;

import java.util.Optional;

/**
 * How the schedule went.
 *
 * @param loadNanos        time from the start until the load ended (schedule done or stop requested); the start is the
 *                         scheduled one, also for an instance that joined late
 * @param totalNanos       time from the start until the last user left
 * @param interruptedUsers users still busy when graceful stop ran out, whose threads were interrupted
 * @param lateJoin         when the instance began after the start it was given, how it caught up
 */
public record EngineResult(long loadNanos, long totalNanos, StopReason reason, long usersStarted, int peakUsers,
                           long dropped, int interruptedUsers, Optional<LateJoin> lateJoin) {
    /** From the mildest to the gravest: the load ran its course, someone stopped it, or it was cut short. */
    public enum StopReason { COMPLETED, STOPPED, ABORTED }
}
