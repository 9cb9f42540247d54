package dev.loadgen.user;

import dev.loadgen.config.Population;
import java.time.Duration;
import java.util.random.RandomGenerator;

/** The think-time distributions, from the configuration or by name. */
public final class ThinkTimes {
    /** The 95th percentile of the standard normal distribution. */
    private static final double Z95 = 1.6448536269514722;

    private ThinkTimes() {}

    public static ThinkTime of(Population.ThinkSpec spec) {
        return switch (spec) {
            case Population.ThinkSpec.Constant c -> constant(c.value());
            case Population.ThinkSpec.LogNormal l -> logNormal(l.median(), l.p95());
            case Population.ThinkSpec.Exponential e -> exponential(e.mean());
            case Population.ThinkSpec.Uniform u -> uniform(u.min(), u.max());
            case Population.ThinkSpec.Pacing p -> pacing(p.cycle());
        };
    }

    public static ThinkTime constant(Duration d) {
        long n = d.toNanos();
        return rng -> n;
    }

    /**
     * Log-normal from its median and 95th percentile. If ln X ~ N(μ, σ²), the median is e^μ and the
     * p95 is e^(μ + z₉₅σ), so μ = ln(median) and σ = ln(p95 / median) / z₉₅. People can guess a median and
     * a "slow" case; the long right tail is what real reading and typing times look like.
     */
    public static ThinkTime logNormal(Duration median, Duration p95) {
        double mu = Math.log(median.toNanos());
        double sigma = Math.log((double) p95.toNanos() / median.toNanos()) / Z95;
        return rng -> (long) Math.exp(mu + sigma * rng.nextGaussian());
    }

    /** Exponential of the given mean: memoryless pauses, as between independent events. */
    public static ThinkTime exponential(Duration mean) {
        double m = mean.toNanos();
        return rng -> (long) (-m * Math.log(1 - rng.nextDouble()));
    }

    /**
     * Pacing: actions start a fixed {@code cycle} apart, whatever they take (as Gatling's and LoadRunner's
     * pacing), so the pause is what is left of the cycle, and none when the action took longer.
     */
    public static ThinkTime pacing(Duration cycle) {
        long c = cycle.toNanos();
        return new ThinkTime() {
            @Override
            public long nextNanos(RandomGenerator rng) {
                return c;
            }

            @Override
            public long afterAction(RandomGenerator rng, long actionNanos) {
                return Math.max(0, c - actionNanos);
            }
        };
    }

    public static ThinkTime uniform(Duration min, Duration max) {
        long lo = min.toNanos();
        long span = max.toNanos() - lo;
        return rng -> span == 0 ? lo : lo + (long) (rng.nextDouble() * span);
    }
}
