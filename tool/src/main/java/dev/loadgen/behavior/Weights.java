package dev.loadgen.behavior;

import java.util.random.RandomGenerator;

/** Draws by weight: the persona of a user, the next action of a flow, the rank of a Zipf pick. */
public final class Weights {
    private Weights() {}

    /**
     * An index in {@code [0, n)} drawn with probability proportional to its weight, given the running sums of
     * the weights ({@code cumulative[i]} = weights 0..i): a binary search of a uniform draw over the first n.
     */
    public static int draw(double[] cumulative, int n, RandomGenerator rng) {
        double u = rng.nextDouble() * cumulative[n - 1];
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
