package dev.loadgen.engine;

import dev.loadgen.config.LoadProfile;
import java.util.List;

/**
 * The open model's arrival rate r(t), piecewise linear over the stages, and the inverse of its integral,
 * which turns "the n-th arrival" into a time.
 *
 * <p>Let Λ(t) = ∫₀ᵗ r be the expected number of arrivals by t. In a stage starting at t0 with Λ(t0) = Λ0,
 * going from rate a to rate b over d, with slope k = (b − a)/d:
 * Λ(t0 + s) = Λ0 + a·s + k·s²/2. Solving Λ(t0 + s) = X for s ≥ 0 gives
 * s = (−a + √(a² + 2k(X − Λ0)))/k, which loses precision when k is near 0; multiplying by the conjugate
 * gives the stable form used here, s = 2(X − Λ0)/(a + √(a² + 2k(X − Λ0))), valid for any k (k = 0 gives
 * (X − Λ0)/a) as long as X lies within the stage, where the square root's argument is ≥ 0.
 */
public final class RateCurve {
    private final double[] startNanos;
    private final double[] durNanos;
    private final double[] fromPerNano;
    private final double[] toPerNano;
    private final double[] areaBefore;
    private final double total;
    private final long endNanos;

    public RateCurve(double startRatePerSecond, List<LoadProfile.Stage> stages) {
        int n = stages.size();
        startNanos = new double[n];
        durNanos = new double[n];
        fromPerNano = new double[n];
        toPerNano = new double[n];
        areaBefore = new double[n];
        double t = 0;
        double area = 0;
        double rate = startRatePerSecond / 1e9;
        for (int i = 0; i < n; i++) {
            LoadProfile.Stage s = stages.get(i);
            double d = s.duration().toNanos();
            double to = s.target() / 1e9;
            startNanos[i] = t;
            durNanos[i] = d;
            fromPerNano[i] = rate;
            toPerNano[i] = to;
            areaBefore[i] = area;
            area += (rate + to) / 2 * d;
            t += d;
            rate = to;
        }
        total = area;
        endNanos = (long) t;
    }

    /** Expected arrivals over the whole curve. */
    public double expectedArrivals() {
        return total;
    }

    public long endNanos() {
        return endNanos;
    }

    /** The rate in arrivals per second at {@code tNanos}. */
    public double ratePerSecondAt(long tNanos) {
        for (int i = 0; i < durNanos.length; i++) {
            if (tNanos < startNanos[i] + durNanos[i]) {
                double f = durNanos[i] == 0 ? 1 : (tNanos - startNanos[i]) / durNanos[i];
                return (fromPerNano[i] + (toPerNano[i] - fromPerNano[i]) * f) * 1e9;
            }
        }
        return durNanos.length == 0 ? 0 : toPerNano[durNanos.length - 1] * 1e9;
    }

    /** The time at which Λ(t) = x, or -1 if x lies beyond the end of the curve. */
    public long timeOf(double x) {
        if (x > total || x < 0) {
            return -1;
        }
        for (int i = 0; i < durNanos.length; i++) {
            double stageArea = (fromPerNano[i] + toPerNano[i]) / 2 * durNanos[i];
            if (durNanos[i] == 0 || x > areaBefore[i] + stageArea) {
                continue;
            }
            double a = fromPerNano[i];
            double k = (toPerNano[i] - a) / durNanos[i];
            double dx = x - areaBefore[i];
            double root = Math.sqrt(Math.max(0, a * a + 2 * k * dx));
            double s = a + root == 0 ? 0 : 2 * dx / (a + root);
            return Math.min(endNanos, Math.round(startNanos[i] + Math.min(s, durNanos[i])));
        }
        return -1;
    }
}
