package dev.loadgen.user;

import dev.loadgen.behavior.Catalogue;
import dev.loadgen.behavior.Weights;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Each action independently, with probability proportional to its weight (binary search on the cumulative
 * weights), for a geometric number of actions per session with the given mean (0: endless sessions).
 */
public final class WeightedPolicy implements ActionPolicy {
    private final Catalogue.Entry[] entries;
    private final double[] cumulative;
    private final int meanActions;

    public WeightedPolicy(List<Catalogue.Entry> choices, List<Double> weights, int meanActions) {
        entries = choices.toArray(new Catalogue.Entry[0]);
        cumulative = new double[entries.length];
        double sum = 0;
        for (int i = 0; i < entries.length; i++) {
            sum += weights.get(i);
            cumulative[i] = sum;
        }
        if (entries.length == 0 || sum <= 0) {
            throw new IllegalArgumentException("a weighted policy needs at least one positive weight");
        }
        this.meanActions = meanActions;
    }

    @Override
    public Walk start() {
        return new Walk() {
            private long left = -1;

            @Override
            public Optional<Catalogue.Entry> next(RandomGenerator rng) {
                if (left < 0) {
                    left = meanActions == 0 ? Long.MAX_VALUE : geometric(rng, meanActions);
                }
                if (left == 0) {
                    return Optional.empty();
                }
                left--;
                return Optional.of(pick(rng));
            }
        };
    }

    Catalogue.Entry pick(RandomGenerator rng) {
        if (entries.length == 1) {
            return entries[0];
        }
        return entries[Weights.draw(cumulative, cumulative.length, rng)];
    }

    /** Actions in a session: geometric with the given mean, at least one. */
    static long geometric(RandomGenerator rng, int mean) {
        if (mean <= 1) {
            return 1;
        }
        double p = 1.0 / mean;
        return 1 + (long) Math.floor(Math.log(1 - rng.nextDouble()) / Math.log(1 - p));
    }
}
