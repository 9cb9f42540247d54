package dev.loadgen.user;

import dev.loadgen.behavior.Action;
import java.util.Map;
import java.util.Optional;

/**
 * A persona, ready to run: how it chooses actions, how long it thinks (in general and after particular
 * actions), how often it ends a session without logging out, and how fast it reads and types.
 */
public record Persona(String name, double weight, ActionPolicy policy, ThinkTime think, Map<Action, ThinkTime> actionThink,
                      double abandon, Optional<Speed> reading, Optional<Speed> typing) {
    public Persona {
        actionThink = Map.copyOf(actionThink);
    }

    /** The pause after {@code action}. */
    ThinkTime thinkAfter(Action action) {
        return actionThink.getOrDefault(action, think);
    }

    /**
     * A reading or typing speed in units (words, characters) per second, with a log-normal jitter: the time
     * for n units is n / speed × e^(jitter·Z), Z standard normal, so the median is n / speed and a slower
     * or faster moment is as likely as the other.
     */
    public record Speed(double unitsPerSecond, double jitter) {
        long nanos(int units, java.util.random.RandomGenerator rng) {
            if (units <= 0) {
                return 0;
            }
            return (long) (units / unitsPerSecond * Math.exp(jitter * rng.nextGaussian()) * 1e9);
        }
    }
}
