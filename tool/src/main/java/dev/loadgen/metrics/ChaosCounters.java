package dev.loadgen.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Injected faults by kind ({@code delay}, {@code abort}, ...), the figures behind
 * {@code loadgen_chaos_injected_total{kind}} (DESIGN.md §6, §7). The chaos layer counts here each fault it
 * injects; the snapshots carry the totals to the dashboard and the results folder, which show zero
 * until a run injects something.
 */
public final class ChaosCounters {
    private final Map<String, LongAdder> byKind = new ConcurrentHashMap<>();

    public void injected(String kind) {
        byKind.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** Faults injected so far, by kind, sorted by kind. */
    public Map<String, Long> byKind() {
        Map<String, Long> out = new TreeMap<>();
        byKind.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
