package dev.loadgen.user;

import dev.loadgen.behavior.Action;
import dev.loadgen.behavior.Catalogue;
import dev.loadgen.behavior.Weights;
import dev.loadgen.config.Population;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The personas of a run, built from the configuration against the catalogue (every action they name is
 * checked there), and the weighted draw that gives each user its persona.
 */
public final class Personas {
    private final List<Persona> personas;
    private final double[] cumulative;

    private Personas(List<Persona> personas) {
        this.personas = List.copyOf(personas);
        cumulative = new double[personas.size()];
        double sum = 0;
        for (int i = 0; i < personas.size(); i++) {
            sum += personas.get(i).weight();
            cumulative[i] = sum;
        }
    }

    public static Personas of(Population population, Catalogue catalogue) {
        List<Persona> out = new ArrayList<>();
        for (Population.PersonaSpec p : population.personas()) {
            ActionPolicy policy = switch (p.flow()) {
                case Population.Flow.Markov m -> new MarkovPolicy(m, catalogue, p.name());
                case Population.Flow.Weighted w -> weighted(w, catalogue, p.name());
            };
            Map<Action, ThinkTime> actionThink = new HashMap<>();
            p.actionThink().forEach((id, spec) -> actionThink.put(
                    catalogue.entry(id, p.origin(), "personas." + p.name() + ".action-think").action(), ThinkTimes.of(spec)));
            out.add(new Persona(p.name(), p.weight(), policy, ThinkTimes.of(p.think()), actionThink, p.abandon(),
                    p.reading().map(r -> new Persona.Speed(r.perUnit() / 60.0, r.jitter())),
                    p.typing().map(t -> new Persona.Speed(t.perUnit(), t.jitter()))));
        }
        return new Personas(out);
    }

    private static ActionPolicy weighted(Population.Flow.Weighted w, Catalogue catalogue, String persona) {
        List<Catalogue.Entry> entries = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (Population.ActionWeight a : w.actions()) {
            Catalogue.Entry e = catalogue.entry(a.action(), a.origin(), persona.equals("default") ? "users.actions" : "personas." + persona + ".actions");
            if (a.weight() > 0) {
                entries.add(e);
                weights.add(a.weight());
            }
        }
        if (entries.isEmpty()) {
            throw new dev.loadgen.config.ConfigException("persona '" + persona + "' has no action with a weight above 0; give one a weight");
        }
        return new WeightedPolicy(entries, weights, w.meanActions());
    }

    /** The persona of a new user, drawn by weight with the user's own generator. */
    public Persona draw(RandomGenerator rng) {
        if (personas.size() == 1) {
            return personas.getFirst();
        }
        return personas.get(Weights.draw(cumulative, cumulative.length, rng));
    }

    public List<Persona> all() {
        return personas;
    }
}
