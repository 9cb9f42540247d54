package dev.loadgen.user;

import dev.loadgen.behavior.Catalogue;
import java.util.random.RandomGenerator;

/** Chooses a user's next action. The seam where personas' Markov chains plug in. */
@FunctionalInterface
public interface ActionPolicy {
    Catalogue.Entry next(RandomGenerator rng);
}
