package dev.loadgen.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Steps of the scenario that were not run because something they need was missing (a value a capture did
 * not find, an exhausted data file, a failed login, a socket waiting to reconnect), by reason. Reasons name
 * a step of the scenario, so there are as many as the scenario has steps, not more.
 */
public final class Skips {
    private final Map<String, LongAdder> byReason = new ConcurrentHashMap<>();

    public void skipped(String reason) {
        LongAdder c = byReason.get(reason);
        if (c == null) {
            c = byReason.computeIfAbsent(reason, r -> new LongAdder());
        }
        c.increment();
    }

    public Map<String, Long> byReason() {
        Map<String, Long> out = new TreeMap<>();
        byReason.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public long total() {
        return byReason.values().stream().mapToLong(LongAdder::sum).sum();
    }
}
