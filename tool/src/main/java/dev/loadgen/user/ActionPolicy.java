package dev.loadgen.user;

import dev.loadgen.behavior.Catalogue;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How a persona chooses its actions: each session is a {@link Walk} through them. The seam where the
 * Markov chains of personas and the simple weighted choice plug in.
 */
public interface ActionPolicy {
    /** A new session's sequence of actions. */
    Walk start();

    /** One session: the next action, or empty when the session is over. */
    interface Walk {
        Optional<Catalogue.Entry> next(RandomGenerator rng);
    }
}
