package dev.loadgen.metrics;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * A Prometheus classic histogram: fixed upper bounds in seconds, a count per bucket and a sum. Safe to
 * record into from any thread. Latencies arrive already recorded in HdrHistograms (microseconds), so they
 * are folded in once per interval with {@link #add(Histogram)}; think times are observed one by one.
 */
public final class ClassicHistogram {
    /** Request and message latencies: 1 ms to 30 s, the range where web latencies and their SLOs live. */
    public static final double[] LATENCY_SECONDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
    /** A new connection's TCP connect or TLS handshake: 0.25 ms (loopback) to 10 s (a connect timeout's range). */
    public static final double[] SETUP_SECONDS = {0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10};
    /** Think times: 100 ms to 2 minutes. */
    public static final double[] THINK_SECONDS = {0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120};

    private final double[] bounds;
    private final LongAdder[] counts;
    private final DoubleAdder sum = new DoubleAdder();

    public ClassicHistogram(double[] bounds) {
        this.bounds = bounds.clone();
        counts = new LongAdder[bounds.length + 1];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    /** The bucket of a value: the first upper bound at or above it, or the last (+Inf) bucket. */
    static int bucket(double[] bounds, double seconds) {
        int lo = 0;
        int hi = bounds.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (bounds[mid] >= seconds) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    public void observe(double seconds) {
        counts[bucket(bounds, seconds)].increment();
        sum.add(seconds);
    }

    /**
     * Adds an HdrHistogram of microseconds. Each distinct recorded value lands in the bucket of its
     * highest equivalent value, so a bucket is exact to HdrHistogram's three significant digits; the sum
     * uses the same values (within 0.1% of the true sum).
     */
    public void add(Histogram micros) {
        double total = 0;
        for (HistogramIterationValue v : micros.recordedValues()) {
            double seconds = micros.highestEquivalentValue(v.getValueIteratedTo()) / 1e6;
            long n = v.getCountAtValueIteratedTo();
            counts[bucket(bounds, seconds)].add(n);
            total += seconds * n;
        }
        sum.add(total);
    }

    double[] bounds() {
        return bounds.clone();
    }

    /** Counts per bucket (not cumulative), the +Inf bucket last. */
    long[] counts() {
        long[] out = new long[counts.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = counts[i].sum();
        }
        return out;
    }

    double sum() {
        return sum.sum();
    }
}
