package dev.loadgen.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The latest traced request per latency bucket of one endpoint, so that a Grafana panel can jump from any
 * bucket (a slow one above all) to the trace of a request that landed in it. A slot is replaced at most
 * once a second: under load that keeps the writes (and the contention on the slot) rare while the
 * exemplar stays recent.
 */
final class Exemplars {
    private static final long REPLACE_AFTER_NANOS = 1_000_000_000L;

    /** One traced request: its latency, its ids, and when it ended ({@link System#nanoTime()}). */
    record Exemplar(double seconds, String traceId, String spanId, long endNanos) {}

    private final double[] bounds;
    private final AtomicReferenceArray<Exemplar> slots;

    Exemplars(double[] bounds) {
        this.bounds = bounds;
        slots = new AtomicReferenceArray<>(bounds.length + 1);
    }

    void offer(double seconds, String traceId, String spanId, long endNanos) {
        int b = ClassicHistogram.bucket(bounds, seconds);
        Exemplar current = slots.get(b);
        if (current == null || endNanos - current.endNanos() >= REPLACE_AFTER_NANOS) {
            slots.set(b, new Exemplar(seconds, traceId, spanId, endNanos));
        }
    }

    List<Exemplar> all() {
        List<Exemplar> out = new ArrayList<>();
        for (int i = 0; i < slots.length(); i++) {
            Exemplar e = slots.get(i);
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }
}
