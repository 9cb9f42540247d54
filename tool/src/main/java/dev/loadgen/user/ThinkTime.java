package dev.loadgen.user;

import java.util.random.RandomGenerator;

/** How long a user pauses before its next action: a draw from a distribution. */
@FunctionalInterface
public interface ThinkTime {
    long nextNanos(RandomGenerator rng);
}
