package dev.loadgen.report;

import dev.loadgen.metrics.Sink;
import dev.loadgen.metrics.Snapshot;

/**
 * A sink in two: the warm-up's intervals to one, the measured part's to the other. The warm-up's histogram logs go
 * to {@code warm-up/} in the results folder, so the folder's own logs, and every summary, threshold and comparison
 * made from them, hold the measured part only.
 */
public final class WarmUpSplit implements Sink {
    /** The subfolder of the results folder that holds the warm-up's records. */
    public static final String DIR = "warm-up";

    private final Sink warmUp;
    private final Sink measured;

    public WarmUpSplit(Sink warmUp, Sink measured) {
        this.warmUp = warmUp;
        this.measured = measured;
    }

    @Override
    public void interval(Snapshot s) {
        (s.warmUp() ? warmUp : measured).interval(s);
    }

    @Override
    public void close() {
        try {
            warmUp.close();
        } finally {
            measured.close();
        }
    }
}
