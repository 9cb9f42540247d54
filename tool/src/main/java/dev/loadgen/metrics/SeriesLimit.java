package dev.loadgen.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;

/**
 * The cap on series per metric. Labels are bounded by construction (route templates, statuses, personas),
 * but a YAML request whose path holds an id, or a server inventing frame types, could still make
 * thousands; Prometheus then slows down for everyone who queries it. Past the cap, the remaining series
 * are summed into one whose every label is {@value #OVERFLOW}, and one warning says which metric overflowed.
 */
final class SeriesLimit {
    static final String OVERFLOW = "_overflow_";
    static final int DEFAULT_MAX = 1000;

    private final int max;
    private final Consumer<String> warn;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    SeriesLimit(int max, Consumer<String> warn) {
        if (max < 2) {
            throw new IllegalArgumentException("a series cap needs room for one series and the overflow, got " + max);
        }
        this.max = max;
        this.warn = warn;
    }

    /**
     * The series to expose, in their order: all of them when they fit, else the first {@code max - 1} and
     * the sum of the rest under the overflow labels.
     */
    <T> Map<List<String>, T> apply(String metric, Map<List<String>, T> series, BinaryOperator<T> merge) {
        if (series.size() <= max) {
            return series;
        }
        Map<List<String>, T> out = new LinkedHashMap<>();
        List<String> overflow = null;
        T rest = null;
        for (Map.Entry<List<String>, T> e : series.entrySet()) {
            if (out.size() < max - 1) {
                out.put(e.getKey(), e.getValue());
            } else {
                overflow = overflow == null ? new ArrayList<>(Collections.nCopies(e.getKey().size(), OVERFLOW)) : overflow;
                rest = rest == null ? e.getValue() : merge.apply(rest, e.getValue());
            }
        }
        out.put(List.copyOf(overflow), rest);
        if (warned.add(metric)) {
            warn.accept(metric + " has more than " + max + " series; the rest are summed into one labelled " + OVERFLOW
                    + " (name endpoints by route templates, not raw URLs)");
        }
        return out;
    }
}
