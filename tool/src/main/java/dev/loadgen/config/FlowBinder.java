package dev.loadgen.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a persona's Markov chain: rows {@code start} and one per action, each a map from the next action
 * (or {@code end}) to its probability. Checks what can be checked without knowing the actions (the
 * behaviours check the names): probabilities in [0, 1], rows that sum to 1 (normalised with a warning
 * otherwise), a row for every action the chain can reach, and an end that can be reached.
 */
final class FlowBinder {
    private static final double TOLERANCE = 1e-6;

    private FlowBinder() {}

    static Population.Flow.Markov markov(MapReader flow, Consumer<String> warn) {
        Map<String, List<Population.Transition>> rows = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> row : flow.entries().entrySet()) {
            String from = row.getKey();
            if (from.equals(Population.Flow.Markov.END)) {
                throw new ConfigException(flow.keyOrigin(from), flow.key(from) + ": 'end' ends the session and has no row; remove it");
            }
            MapReader r = MapReader.of(row.getValue(), flow.key(from));
            List<Population.Transition> ts = new ArrayList<>();
            double sum = 0;
            for (Map.Entry<String, ConfigNode> t : r.entries().entrySet()) {
                if (!(t.getValue() instanceof ConfigNode.Scalar p)) {
                    throw new ConfigException(t.getValue().origin(), r.key(t.getKey()) + " must be a probability from 0 to 1");
                }
                double prob = MapReader.toDouble(p, r.key(t.getKey()), 0, 1);
                sum += prob;
                ts.add(new Population.Transition(t.getKey(), prob, r.keyOrigin(t.getKey())));
            }
            if (ts.isEmpty() || sum <= 0) {
                throw new ConfigException(r.origin(), flow.key(from) + " has no way out; give it at least one next action or end");
            }
            if (Math.abs(sum - 1) > TOLERANCE) {
                warn.accept(r.origin() + ": " + flow.key(from) + " sums to " + String.format(Locale.ROOT, "%.4f", sum)
                        + ", not 1; its probabilities were divided by that sum");
                double total = sum;
                ts.replaceAll(t -> new Population.Transition(t.to(), t.probability() / total, t.origin()));
            }
            rows.put(from, ts);
        }
        if (!rows.containsKey(Population.Flow.Markov.START)) {
            throw new ConfigException(flow.origin(), flow.key("start") + " is missing: it says what a session begins with");
        }
        boolean ends = false;
        for (Map.Entry<String, List<Population.Transition>> row : rows.entrySet()) {
            for (Population.Transition t : row.getValue()) {
                if (t.to().equals(Population.Flow.Markov.END)) {
                    ends |= t.probability() > 0;
                } else if (t.to().equals(Population.Flow.Markov.START)) {
                    throw new ConfigException(t.origin(), flow.key(row.getKey()) + ": 'start' is not an action; sessions begin there");
                } else if (!rows.containsKey(t.to())) {
                    throw new ConfigException(t.origin(), flow.key(row.getKey()) + " leads to " + t.to()
                            + ", which has no row; add " + flow.key(t.to()) + " (where users go after it)");
                }
            }
        }
        if (!ends) {
            throw new ConfigException(flow.origin(), flow.path() + " never reaches end, so sessions would never finish; give some row an end");
        }
        return new Population.Flow.Markov(rows, flow.origin());
    }
}
