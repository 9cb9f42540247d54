package dev.loadgen.engine;

/**
 * How the schedule went.
 *
 * @param loadNanos        time from the start until the load ended (schedule done or stop requested)
 * @param totalNanos       time from the start until the last user left
 * @param interruptedUsers users still busy when graceful stop ran out, whose threads were interrupted
 */
public record EngineResult(long loadNanos, long totalNanos, StopReason reason, long usersStarted, int peakUsers,
                           long dropped, int interruptedUsers) {
    /** From the mildest to the gravest: the load ran its course, someone stopped it, or it was cut short. */
    public enum StopReason { COMPLETED, STOPPED, ABORTED }
}
