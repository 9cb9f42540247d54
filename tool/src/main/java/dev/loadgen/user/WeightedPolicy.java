package dev.loadgen.user;

import dev.loadgen.behavior.Catalogue;
import java.util.List;
import java.util.random.RandomGenerator;

/** Each action independently, with probability proportional to its weight (binary search on the cumulative weights). */
public final class WeightedPolicy implements ActionPolicy {
    private final Catalogue.Entry[] entries;
    private final double[] cumulative;

    public WeightedPolicy(List<Catalogue.Entry> choices) {
        entries = choices.toArray(new Catalogue.Entry[0]);
        cumulative = new double[entries.length];
        double sum = 0;
        for (int i = 0; i < entries.length; i++) {
            sum += entries[i].weight();
            cumulative[i] = sum;
        }
        if (entries.length == 0 || sum <= 0) {
            throw new IllegalArgumentException("a weighted policy needs at least one positive weight");
        }
    }

    @Override
    public Catalogue.Entry next(RandomGenerator rng) {
        if (entries.length == 1) {
            return entries[0];
        }
        double u = rng.nextDouble() * cumulative[cumulative.length - 1];
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return entries[lo];
    }
}
