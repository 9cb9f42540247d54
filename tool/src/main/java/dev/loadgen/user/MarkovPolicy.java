package dev.loadgen.user;

import dev.loadgen.behavior.Catalogue;
import dev.loadgen.behavior.Weights;
import dev.loadgen.config.Population;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A persona's Markov chain, compiled to arrays: state 0 is {@code start}, states 1..n the actions; each
 * row holds cumulative probabilities and the next state (-1 for {@code end}). A session is a walk from
 * start to end, so its length follows from the chain.
 */
public final class MarkovPolicy implements ActionPolicy {
    private static final int END = -1;

    private final Catalogue.Entry[] actions;
    private final double[][] cumulative;
    private final int[][] next;

    public MarkovPolicy(Population.Flow.Markov flow, Catalogue catalogue, String persona) {
        Map<String, Integer> index = new LinkedHashMap<>();
        index.put(Population.Flow.Markov.START, 0);
        List<Catalogue.Entry> entries = new ArrayList<>();
        entries.add(null);
        for (Map.Entry<String, List<Population.Transition>> row : flow.rows().entrySet()) {
            if (!row.getKey().equals(Population.Flow.Markov.START)) {
                entries.add(catalogue.entry(row.getKey(), row.getValue().getFirst().origin(), "personas." + persona + ".flow"));
                index.put(row.getKey(), index.size());
            }
        }
        actions = entries.toArray(new Catalogue.Entry[0]);
        cumulative = new double[actions.length][];
        next = new int[actions.length][];
        for (Map.Entry<String, List<Population.Transition>> row : flow.rows().entrySet()) {
            int from = index.get(row.getKey());
            List<Population.Transition> ts = row.getValue();
            cumulative[from] = new double[ts.size()];
            next[from] = new int[ts.size()];
            double sum = 0;
            for (int i = 0; i < ts.size(); i++) {
                sum += ts.get(i).probability();
                cumulative[from][i] = sum;
                next[from][i] = ts.get(i).to().equals(Population.Flow.Markov.END) ? END : index.get(ts.get(i).to());
            }
        }
    }

    @Override
    public Walk start() {
        return new Walk() {
            private int state;

            @Override
            public Optional<Catalogue.Entry> next(RandomGenerator rng) {
                if (state == END) {
                    return Optional.empty();
                }
                state = step(state, rng);
                return state == END ? Optional.empty() : Optional.of(actions[state]);
            }
        };
    }

    /** The state after {@code from}: binary search of a uniform draw in the row's cumulative probabilities. */
    int step(int from, RandomGenerator rng) {
        return next[from][Weights.draw(cumulative[from], cumulative[from].length, rng)];
    }

    /** The actions by state (index 0, start, has none): for tests of the long-run mix. */
    List<String> states() {
        List<String> out = new ArrayList<>();
        for (Catalogue.Entry e : actions) {
            out.add(e == null ? Population.Flow.Markov.START : e.action().id());
        }
        return out;
    }
}
