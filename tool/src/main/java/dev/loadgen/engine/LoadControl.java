package dev.loadgen.engine;

import java.time.Duration;

/**
 * The one way into a running engine from outside it (DESIGN.md §2): the dashboard's control API reads
 * where the load stands, changes the target users (closed model) or the arrival rate (open model) from
 * now on, or stops the run. Nothing else of the engine is reachable from the dashboard, so a page can
 * never start users by hand or bypass the schedule.
 *
 * <p>A change re-plans the rest of the run: the load moves linearly from where it is to the new target
 * over {@code over} (zero: at once) and holds it until the planned end. Users beyond a lowered target
 * stop gracefully, last started first, as in a ramp-down stage. In an execution segment the target is
 * the whole run's, as in the config, and this instance runs its share.
 */
public interface LoadControl {
    /** Where the load stands now. Safe to call from any thread at any time. */
    Status status();

    /**
     * Closed model: moves to {@code users} concurrent users.
     *
     * @throws IllegalArgumentException when {@code users} or {@code over} is negative
     * @throws IllegalStateException    in the open model, or when the load has already ended
     */
    void setUsers(int users, Duration over);

    /**
     * Open model: moves the arrival rate to {@code perSecond} sessions per second.
     *
     * @throws IllegalArgumentException when the rate is negative or not a number, or {@code over} is negative
     * @throws IllegalStateException    in the closed model, or when the load has already ended
     */
    void setRate(double perSecond, Duration over);

    /** Ends the load now and starts graceful stop, as the first Ctrl-C does. */
    void stop();

    enum Model { CLOSED, OPEN }

    /** Before the schedule starts, while it runs, while users finish (graceful stop), and after. */
    enum Phase { STARTING, RUNNING, STOPPING, ENDED }

    /**
     * @param target  closed model: the users the schedule has running now (the whole run's number);
     *                open model: the arrival rate now, per second
     * @param running users running in this instance, those finishing after a stop included
     */
    record Status(Model model, double target, int running, Phase phase) {}
}
