package dev.loadgen.user;

import java.util.random.RandomGenerator;

/** How long a user pauses before its next action: a draw from a distribution. */
@FunctionalInterface
public interface ThinkTime {
    long nextNanos(RandomGenerator rng);

    /** The pause after an action that took {@code actionNanos}; differs from {@link #nextNanos} only for pacing. */
    default long afterAction(RandomGenerator rng, long actionNanos) {
        return nextNanos(rng);
    }
}
