package dev.loadgen.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who the simulated users are: how they get an account, the personas they are drawn from (with
 * weights), the pause between two sessions of a user in the closed model, whether a user keeps its
 * cookies from one session to the next (a browser session's cookies go when it ends, by default), and how much later
 * than drawn a think may end so that users whose thinks end together are woken at once ({@code think-slack}, none by
 * default).
 */
public record Population(AccountMode account, int poolSize, List<PersonaSpec> personas, ThinkSpec gap, boolean keepCookies,
                         Duration thinkSlack) {
    public Population {
        personas = List.copyOf(personas);
    }

    /** register: each user signs up; pool: users share accounts registered before the run; none: no login. */
    public enum AccountMode { REGISTER, POOL, NONE }

    /**
     * A persona: its share of users, how long it thinks (in general and after given actions), how it
     * chooses actions ({@link Flow}), how often its sessions end without a logout, and how fast it
     * reads and types. {@code reading} and {@code typing} are empty when it does not spend time on them.
     */
    public record PersonaSpec(String name, double weight, ThinkSpec think, Map<String, ThinkSpec> actionThink, Flow flow,
                              double abandon, Optional<Pace> reading, Optional<Pace> typing, Origin origin) {
        public PersonaSpec {
            actionThink = Map.copyOf(actionThink);
        }

        public PersonaSpec withWeight(double w) {
            return new PersonaSpec(name, w, think, actionThink, flow, abandon, reading, typing, origin);
        }
    }

    /** How a persona picks its next action. */
    public sealed interface Flow {
        /**
         * A Markov chain: from {@code start} and from each action, the probabilities of the next action or
         * of {@code end}. Each row sums to 1 (normalised at bind time, with a warning, when it does not).
         */
        record Markov(Map<String, List<Transition>> rows, Origin origin) implements Flow {
            public static final String START = "start";
            public static final String END = "end";

            public Markov {
                rows = Map.copyOf(rows);
            }
        }

        /**
         * Each action independently, in proportion to its weight (empty: the behaviours' default weights),
         * for a geometric number of actions with mean {@code meanActions} (0: one endless session).
         */
        record Weighted(List<ActionWeight> actions, int meanActions) implements Flow {
            public Weighted {
                actions = List.copyOf(actions);
            }
        }
    }

    public record Transition(String to, double probability, Origin origin) {}

    public record ActionWeight(String action, double weight, Origin origin) {}

    /**
     * A reading or typing speed (words per minute, characters per second) and its jitter: the time is
     * text length / speed, times a log-normal factor of median 1 whose log has this standard deviation.
     */
    public record Pace(double perUnit, double jitter) {}

    /** A think-time distribution, as configured. */
    public sealed interface ThinkSpec {
        record Constant(Duration value) implements ThinkSpec {}

        /** Log-normal given by its median and 95th percentile, the two figures people can estimate. */
        record LogNormal(Duration median, Duration p95) implements ThinkSpec {}

        record Exponential(Duration mean) implements ThinkSpec {}

        record Uniform(Duration min, Duration max) implements ThinkSpec {}

        /** A fixed cycle: the next action starts {@code cycle} after the previous one started. */
        record Pacing(Duration cycle) implements ThinkSpec {}
    }
}
