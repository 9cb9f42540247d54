package dev.loadgen.config;

import java.time.Duration;
import java.util.List;

/**
 * Who the simulated users are: how they get an account, how long they think between actions, how
 * long their sessions last, and the weights of the actions they choose from (empty: the behaviours'
 * defaults).
 */
public record Population(AccountMode account, int poolSize, ThinkSpec think, SessionSpec session,
                         List<ActionWeight> actions) {
    public Population {
        actions = List.copyOf(actions);
    }

    /** register: each user signs up; pool: users share accounts registered before the run; none: no login. */
    public enum AccountMode { REGISTER, POOL, NONE }

    /**
     * @param meanActions mean number of actions per session (geometric); 0 means one endless session
     * @param gap         pause between two sessions of the same user in the closed model
     */
    public record SessionSpec(int meanActions, ThinkSpec gap) {}

    public record ActionWeight(String action, double weight, Origin origin) {}

    /** A think-time distribution, as configured. */
    public sealed interface ThinkSpec {
        record Constant(Duration value) implements ThinkSpec {}

        /** Log-normal given by its median and 95th percentile, the two figures people can estimate. */
        record LogNormal(Duration median, Duration p95) implements ThinkSpec {}

        record Exponential(Duration mean) implements ThinkSpec {}

        record Uniform(Duration min, Duration max) implements ThinkSpec {}
    }
}
