package dev.loadgen.behavior;

import dev.loadgen.config.ConfigException;
import dev.loadgen.config.Origin;
import dev.loadgen.config.Suggest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * Every action the users can take: the scenario's, and those of the behaviours that plug-ins provide
 * ({@link BehaviorProvider}, found with {@link ServiceLoader}). Looks actions up by name, with a did-you-mean
 * for typos, and makes the users' state.
 */
public final class Catalogue {
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final List<Behavior> behaviors = new ArrayList<>();
    private final Users users;
    /** Names for did-you-mean: the actions, and the scenario's actions that nothing uses (so not compiled). */
    private final java.util.Set<String> known = new java.util.TreeSet<>();

    /** An action and the behaviour that performs it. */
    public record Entry(Action action, Behavior behavior) {}

    /** Makes a new user's state. */
    @FunctionalInterface
    public interface Users {
        UserState newUser(long number, RandomGenerator rng, String persona);
    }

    private Catalogue(List<Behavior> all, Users users) {
        this.users = users;
        behaviors.addAll(all);
        for (Behavior b : behaviors) {
            for (Action a : b.actions()) {
                entries.putIfAbsent(a.id(), new Entry(a, b));
            }
            if (b instanceof ScenarioRuntime s) {
                known.addAll(s.declaredActions());
            }
        }
        known.addAll(entries.keySet());
    }

    /** The scenario's actions and the plug-ins' on the class path. */
    public static Catalogue of(ScenarioRuntime scenario) {
        PluginContext context = new PluginContext(scenario);
        List<Behavior> all = new ArrayList<>(List.of(scenario));
        ServiceLoader.load(BehaviorProvider.class).forEach(p -> all.addAll(p.behaviors(context)));
        return new Catalogue(all, scenario::newUser);
    }

    /** A catalogue of exactly these behaviours, whose users hold no scenario values: for tests and tools built on the user layer. */
    public static Catalogue of(List<Behavior> behaviors) {
        return new Catalogue(behaviors, (number, rng, persona) -> UserState.plain(number, rng, persona));
    }

    /** The action named {@code id}; a name no behaviour has is a config error at {@code origin}. */
    public Entry entry(String id, Origin origin, String where) {
        Entry e = entries.get(id);
        if (e == null) {
            String hint = Suggest.nearest(id, known).map(s -> " (did you mean '" + s + "'?)")
                    .orElse("; known actions: " + String.join(", ", known));
            throw new ConfigException(origin, where + ": unknown action '" + id + "'" + hint);
        }
        return e;
    }

    public List<Behavior> behaviors() {
        return List.copyOf(behaviors);
    }

    /** A new user's state, as the scenario lays it out. */
    public UserState newUser(long number, RandomGenerator rng, String persona) {
        return users.newUser(number, rng, persona);
    }
}
