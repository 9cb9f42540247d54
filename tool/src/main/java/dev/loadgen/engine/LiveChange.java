package dev.loadgen.engine;

import dev.loadgen.config.LoadProfile;
import java.time.Duration;
import java.util.List;

/**
 * A change asked for while the load runs: reach {@code target} (users, or sessions per second) over
 * {@code over}. As stages, the rest of the run becomes a move to the target, then a hold until the
 * planned end; a move longer than what is left is cut at the end, so a change never extends the run.
 */
record LiveChange(double target, Duration over) {
    List<LoadProfile.Stage> stages(long nowNanos, long endNanos) {
        long left = Math.max(0, endNanos - nowNanos);
        long move = Math.min(over.toNanos(), left);
        return List.of(new LoadProfile.Stage(Duration.ofNanos(move), target),
                new LoadProfile.Stage(Duration.ofNanos(left - move), target));
    }
}
