package dev.loadgen.behavior;

import dev.loadgen.config.ConfigException;
import dev.loadgen.config.Population;
import dev.loadgen.config.RunConfig;
import dev.loadgen.config.Suggest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Every action the users can take, from the behaviours of the configured services and the declared
 * requests, with their weights: the configured ones ({@code users.actions}), or the defaults when none
 * are configured. Validates action names and path overrides, so a typo fails before anything starts.
 */
public final class Catalogue {
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final List<Behavior> behaviors = new ArrayList<>();
    private final Optional<AuthBehavior> auth;
    private final HttpRequestBehavior requests;

    /** An action, the behaviour that performs it, and its weight. */
    public record Entry(Action action, Behavior behavior, double weight) {}

    private Catalogue(Services services, RunConfig config) {
        List<String> built = new ArrayList<>();
        for (String svc : List.of("auth", "users", "posts", "chat")) {
            if (services.target().service(svc).isPresent()) {
                built.add(svc);
            }
        }
        boolean accounts = config.population().account() != Population.AccountMode.NONE;
        auth = built.contains("auth") && accounts ? Optional.of(new AuthBehavior(services, Accounts.selfRegistered())) : Optional.empty();
        auth.ifPresent(behaviors::add);
        if (auth.isPresent()) {
            if (built.contains("users")) {
                behaviors.add(new UsersBehavior(services, auth.get()));
            }
            if (built.contains("posts")) {
                behaviors.add(new PostsBehavior(services, auth.get()));
            }
            if (built.contains("chat")) {
                behaviors.add(new ChatBehavior(services, auth.get()));
            }
        }
        requests = new HttpRequestBehavior(services, auth, config.requests());
        behaviors.add(requests);
        services.checkOverrides();

        Map<String, Entry> all = new LinkedHashMap<>();
        for (Behavior b : behaviors) {
            for (Action a : b.actions()) {
                all.put(a.id(), new Entry(a, b, a.defaultWeight()));
            }
        }
        List<Population.ActionWeight> configured = config.population().actions();
        if (configured.isEmpty()) {
            all.values().stream().filter(e -> e.weight() > 0).forEach(e -> entries.put(e.action().id(), e));
        } else {
            for (Population.ActionWeight w : configured) {
                Entry e = all.get(w.action());
                if (e == null) {
                    String hint = Suggest.nearest(w.action(), all.keySet()).map(s -> " (did you mean '" + s + "'?)")
                            .orElse("; known actions: " + String.join(", ", all.keySet()));
                    throw new ConfigException(w.origin(), "users.actions: unknown action '" + w.action() + "'" + hint);
                }
                if (w.weight() > 0) {
                    entries.put(w.action(), new Entry(e.action(), e.behavior(), w.weight()));
                }
            }
        }
        if (entries.isEmpty()) {
            throw new ConfigException("no action has a weight above 0: give users.actions a weight, or configure a target");
        }
    }

    /**
     * Builds the behaviours for the configured target. With {@code users.account: pool}, registers the pool
     * first (that takes requests, recorded like the run's own).
     */
    public static Catalogue build(Services services, RunConfig config, RandomGenerator.SplittableGenerator seed) throws InterruptedException {
        Catalogue c = new Catalogue(services, config);
        if (config.population().account() == Population.AccountMode.POOL && c.auth.isPresent()) {
            c.auth.get().useAccounts(Accounts.pool(c.auth.get(), config.population().poolSize(), seed));
        }
        return c;
    }

    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    public List<Behavior> behaviors() {
        return List.copyOf(behaviors);
    }

    public HttpRequestBehavior requests() {
        return requests;
    }
}
