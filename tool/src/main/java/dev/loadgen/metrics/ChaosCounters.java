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
    private final Map<String, Reaction> reactions = new ConcurrentHashMap<>();

    /**
     * How the target reacted to one kind's injections: as a correct target should (a 401 after a forged
     * token), or not (a 500, or a 200 that accepted a corrupt request), with the statuses of the latter.
     */
    public record Reactions(long expected, long unexpected, Map<Integer, Long> unexpectedByStatus) {}

    private static final class Reaction {
        final LongAdder expected = new LongAdder();
        final Map<Integer, LongAdder> unexpected = new ConcurrentHashMap<>();
    }

    public void injected(String kind) {
        byKind.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** The target's reaction to one injected fault of this kind; {@code status} 0 when there was no response. */
    public void reacted(String kind, boolean expected, int status) {
        Reaction r = reactions.computeIfAbsent(kind, k -> new Reaction());
        if (expected) {
            r.expected.increment();
        } else {
            r.unexpected.computeIfAbsent(status, k -> new LongAdder()).increment();
        }
    }

    /** Every kind that was injected, with its reactions so far. */
    public Map<String, Reactions> reactions() {
        Map<String, Reactions> out = new TreeMap<>();
        for (String kind : byKind.keySet()) {
            Reaction r = reactions.get(kind);
            Map<Integer, Long> statuses = new TreeMap<>();
            if (r != null) {
                r.unexpected.forEach((s, n) -> statuses.put(s, n.sum()));
            }
            out.put(kind, new Reactions(r == null ? 0 : r.expected.sum(), statuses.values().stream().mapToLong(Long::longValue).sum(),
                    java.util.Collections.unmodifiableMap(statuses)));
        }
        return out;
    }

    public long injectedTotal() {
        return byKind.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Faults injected so far, by kind, sorted by kind. */
    public Map<String, Long> byKind() {
        Map<String, Long> out = new TreeMap<>();
        byKind.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
