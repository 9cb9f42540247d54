package dev.loadgen.engine;

import dev.loadgen.config.LoadProfile;
import dev.loadgen.config.Segment;
import java.util.random.RandomGenerator;

/**
 * The open model's arrival times, one at a time, as offsets from the start of the run.
 *
 * <p>Both kinds map a sequence x₀ < x₁ < … of "arrival counts" through the inverse of the expected
 * count Λ (see {@link RateCurve}): constant arrivals use xₙ = n, so they are evenly spaced at the current
 * rate (the first at t = 0); Poisson arrivals use xₙ = E₁ + … + Eₙ₊₁ with Eᵢ exponential of mean 1, which
 * by the time-rescaling theorem is a Poisson process of intensity r(t) however the rate varies.
 *
 * <p>Segment i/n keeps the arrivals whose global number it owns, so instances that share the seed
 * together produce exactly one run's arrivals.
 */
public interface Arrivals {
    /** The next arrival as nanoseconds from the start, or -1 when the curve is over. */
    long nextNanos();

    /** This arrival's global number (from 0), valid after {@link #nextNanos()}. */
    long index();

    static Arrivals of(LoadProfile.Open profile, RandomGenerator rng) {
        RateCurve curve = new RateCurve(profile.startRate(), profile.stages());
        Arrivals all = profile.arrivals() == LoadProfile.Arrivals.CONSTANT ? constant(curve) : poisson(curve, rng);
        return profile.segment().count() == 1 ? all : segmented(all, profile.segment());
    }

    static Arrivals constant(RateCurve curve) {
        long[] n = {-1};
        return through(curve, () -> ++n[0], 0);
    }

    static Arrivals poisson(RateCurve curve, RandomGenerator rng) {
        double[] x = {0};
        return through(curve, () -> x[0] += -Math.log(1 - rng.nextDouble()), 0);
    }

    /**
     * The arrivals of a live change: {@code curve} starts at the change, and arrivals are numbered from
     * {@code firstIndex}, the next unused global number. Poisson arrivals go on drawing from the same
     * generator (the process is memoryless, so restarting it at the change is exact). Constant arrivals
     * start at x₀ = 1 rather than 0: the last one came less than a period ago, so a first arrival at the
     * change itself would nearly double up with it.
     */
    static Arrivals continuing(LoadProfile.Arrivals kind, RateCurve curve, RandomGenerator rng, long firstIndex, Segment segment) {
        Arrivals all;
        if (kind == LoadProfile.Arrivals.CONSTANT) {
            long[] n = {0};
            all = through(curve, () -> ++n[0], firstIndex);
        } else {
            double[] x = {0};
            all = through(curve, () -> x[0] += -Math.log(1 - rng.nextDouble()), firstIndex);
        }
        return segment.count() == 1 ? all : segmented(all, segment);
    }

    /** Arrivals at Λ⁻¹(xₙ) for the increasing sequence xₙ that {@code counts} yields, numbered from {@code first}. */
    private static Arrivals through(RateCurve curve, java.util.function.DoubleSupplier counts, long first) {
        return new Arrivals() {
            private long n = first - 1;

            @Override
            public long nextNanos() {
                n++;
                return curve.timeOf(counts.getAsDouble());
            }

            @Override
            public long index() {
                return n;
            }
        };
    }

    static Arrivals segmented(Arrivals all, Segment segment) {
        return new Arrivals() {
            @Override
            public long nextNanos() {
                while (true) {
                    long t = all.nextNanos();
                    if (t < 0 || segment.owns(all.index())) {
                        return t;
                    }
                }
            }

            @Override
            public long index() {
                return all.index();
            }
        };
    }
}
