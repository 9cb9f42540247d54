package dev.loadgen.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Faults loadgen injected on purpose, by kind ({@code delay}, {@code abort}, ...), as DESIGN.md §7 asks:
 * reported apart from the target's own errors, as {@code loadgen_chaos_injected_total{kind}}.
 */
public final class ChaosCounters {
    private final Map<String, LongAdder> byKind = new ConcurrentHashMap<>();

    public void injected(String kind) {
        byKind.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    public Map<String, Long> byKind() {
        Map<String, Long> out = new TreeMap<>();
        byKind.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
