package dev.loadgen.behavior;

import dev.loadgen.config.ConfigException;
import dev.loadgen.config.Origin;
import dev.loadgen.config.Population;
import dev.loadgen.config.RunConfig;
import dev.loadgen.config.Suggest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.random.RandomGenerator;

/**
 * Every action the users can take: those of the built-in behaviours of the configured services, of the
 * requests declared in YAML, and of the behaviours that plug-ins provide ({@link BehaviorProvider},
 * found with {@link ServiceLoader}). Looks actions up by name, with a did-you-mean for typos.
 */
public final class Catalogue {
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final List<Behavior> behaviors = new ArrayList<>();
    private final Optional<HttpRequestBehavior> requests;

    /** An action and the behaviour that performs it. */
    public record Entry(Action action, Behavior behavior) {}

    private Catalogue(Services services, RunConfig config, List<BehaviorProvider> plugins) {
        boolean accounts = config.population().account() != Population.AccountMode.NONE;
        if (services.target().service("auth").isPresent() && accounts) {
            AuthBehavior auth = new AuthBehavior(services, Accounts.selfRegistered());
            services.auth(auth);
            behaviors.add(auth);
            if (services.target().service("users").isPresent()) {
                behaviors.add(new UsersBehavior(services));
            }
            if (services.target().service("posts").isPresent()) {
                behaviors.add(new PostsBehavior(services));
            }
            if (services.target().service("chat").isPresent()) {
                behaviors.add(new ChatBehavior(services));
            }
        }
        HttpRequestBehavior declared = new HttpRequestBehavior(services, services.auth(), config.requests());
        requests = Optional.of(declared);
        behaviors.add(declared);
        for (BehaviorProvider p : plugins) {
            behaviors.addAll(p.behaviors(services));
        }
        services.checkOverrides();
        index();
    }

    private void index() {
        for (Behavior b : behaviors) {
            for (Action a : b.actions()) {
                entries.putIfAbsent(a.id(), new Entry(a, b));
            }
        }
    }

    /**
     * Builds the behaviours for the configured target, with the plug-ins on the class path. With
     * {@code users.account: pool}, registers the pool first (those requests are recorded like the run's own).
     */
    public static Catalogue build(Services services, RunConfig config, RandomGenerator.SplittableGenerator seed) throws InterruptedException {
        List<BehaviorProvider> plugins = ServiceLoader.load(BehaviorProvider.class).stream().map(ServiceLoader.Provider::get).toList();
        Catalogue c = new Catalogue(services, config, plugins);
        Optional<AuthBehavior> auth = services.auth();
        if (config.population().account() == Population.AccountMode.POOL && auth.isPresent()) {
            auth.get().useAccounts(Accounts.pool(auth.get(), config.population().poolSize(), seed));
        }
        return c;
    }

    /** A catalogue of exactly these behaviours, for tests and for tools built on loadgen's behaviours. */
    public static Catalogue of(List<Behavior> behaviors) {
        return new Catalogue(behaviors);
    }

    private Catalogue(List<Behavior> given) {
        behaviors.addAll(given);
        requests = Optional.empty();
        index();
    }

    /** The action named {@code id}; a name no behaviour has is a config error at {@code origin}. */
    public Entry entry(String id, Origin origin, String where) {
        Entry e = entries.get(id);
        if (e == null) {
            String hint = Suggest.nearest(id, entries.keySet()).map(s -> " (did you mean '" + s + "'?)")
                    .orElse("; known actions: " + String.join(", ", entries.keySet()));
            String why = List.of("auth", "users", "posts", "chat").contains(id.split("\\.")[0]) && entries.keySet().stream()
                    .noneMatch(k -> k.startsWith(id.split("\\.")[0] + "."))
                    ? " (target." + id.split("\\.")[0] + " is not set, or users.account is none)" : "";
            throw new ConfigException(origin, where + ": unknown action '" + id + "'" + why + hint);
        }
        return e;
    }

    /** Every action with a default weight above 0, for a weighted persona that names none. */
    public List<Entry> defaults() {
        return entries.values().stream().filter(e -> e.action().defaultWeight() > 0).toList();
    }

    public List<Behavior> behaviors() {
        return List.copyOf(behaviors);
    }

    /** The behaviour of the requests declared in YAML (none in a catalogue made with {@link #of}). */
    public Optional<HttpRequestBehavior> requests() {
        return requests;
    }
}
