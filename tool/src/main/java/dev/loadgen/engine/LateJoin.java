package dev.loadgen.engine;

/**
 * An instance that began after its run's start time ({@code --start-at}) and joined the schedule where it stood.
 *
 * @param lateNanos      how long after the start time it joined
 * @param usersAtOnce    closed model: the users the schedule had running by then, started at once to catch up
 * @param arrivalsMissed open model: the arrivals due before it joined, not sent
 */
public record LateJoin(long lateNanos, long usersAtOnce, long arrivalsMissed) {
    public double lateSeconds() {
        return lateNanos / 1e9;
    }
}
