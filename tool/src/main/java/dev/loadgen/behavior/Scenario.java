package dev.loadgen.behavior;

import dev.loadgen.config.ConfigException;
import dev.loadgen.config.Origin;
import dev.loadgen.config.Population;
import dev.loadgen.config.RunConfig;
import dev.loadgen.config.ScenarioSpec;
import dev.loadgen.config.ScenarioSpec.StepSpec;
import dev.loadgen.config.ScenarioSpec.Text;
import dev.loadgen.config.Suggest;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.WsCounters;
import dev.loadgen.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A scenario, compiled from the config and checked whole before anything starts: every action and its steps,
 * the variables and where each lives, the data files (opened, their columns known), the pools, the sockets
 * and the login. Every name is resolved here, so a typo, an undefined variable, a malformed JSONPath or a
 * missing file is one line with its file, line and column, not a surprise in the middle of a run.
 */
public final class Scenario implements AutoCloseable {
    /** An action, compiled: its steps, their names for messages, and the values it makes that live only for it. */
    record CompiledAction(String name, Step[] steps, String[] stepNames, int[] locals, Origin origin) {}

    private final Map<String, CompiledAction> actions;
    private final Optional<Auth.Plan> auth;
    private final Variables variables;
    private final List<Sockets.Spec> sockets;
    private final List<Feeders.Feeder> feeders;
    private final boolean keepCookies;
    private final Set<String> unreachable;
    private final int socketSlots;
    private final int[] sessionSlots;
    private final int[] actionSlots;

    private Scenario(Map<String, CompiledAction> actions, Optional<Auth.Plan> auth, Variables variables, List<Sockets.Spec> sockets,
                     int socketSlots, List<Feeders.Feeder> feeders, boolean keepCookies, Set<String> unreachable) {
        this.actions = actions;
        this.auth = auth;
        this.variables = variables;
        this.sockets = sockets;
        this.socketSlots = socketSlots;
        this.sessionSlots = variables.slots(Variables.Scope.SESSION);
        this.actionSlots = variables.slots(Variables.Scope.ACTION);
        this.feeders = feeders;
        this.keepCookies = keepCookies;
        this.unreachable = unreachable;
    }

    /**
     * Compiles the config's scenario against these targets (the services' base URLs; placeholders are fine when
     * the real ones are not known yet), making its endpoints' meters in {@code metrics}.
     */
    public static Scenario compile(RunConfig config, Metrics metrics, WsCounters ws, Function<String, String> env, Clock clock) {
        ScenarioSpec spec = config.scenario();
        Variables variables = new Variables();
        spec.variables().values().forEach(v -> variables.declare(v.name(), v.session() ? Variables.Scope.SESSION : Variables.Scope.USER,
                v.list(), v.origin()));
        spec.auth().ifPresent(a -> {
            a.account().forEach(p -> variables.declare(p.name().value(), Variables.Scope.USER, 0, p.name().origin()));
            a.token().ifPresent(t -> variables.declare(t.value(), Variables.Scope.USER, 0, t.origin()));
            a.expiresIn().ifPresent(t -> variables.declare(t.value(), Variables.Scope.USER, 0, t.origin()));
        });
        spec.actions().values().forEach(a -> declareSet(a.steps(), variables));
        spec.sockets().values().forEach(s -> s.track().filter(t -> t.leave().isPresent())
                .ifPresent(t -> variables.declare("group", Variables.Scope.ACTION, 0, s.origin())));

        List<Feeders.Feeder> feeders = new ArrayList<>();
        Map<String, Feeders.Feeder> feederByName = new LinkedHashMap<>();
        try {
            for (ScenarioSpec.DataSpec d : spec.data().values()) {
                Feeders.Feeder f = Feeders.open(d, feeders.size(), config.load().segment());
                feeders.add(f);
                feederByName.put(d.name(), f);
            }
            Map<String, Integer> socketIndex = new LinkedHashMap<>();
            spec.sockets().keySet().forEach(n -> socketIndex.put(n, socketIndex.size()));
            Sources sources = new Sources(variables, feederByName, socketIndex, env);
            Map<String, Pools.Pool> pools = new LinkedHashMap<>();
            spec.pools().values().forEach(p -> pools.put(p.name(), new Pools.Pool(p)));
            StepCompiler steps = new StepCompiler(config, spec, variables, sources, pools, metrics, ws, clock);
            Optional<Auth.Plan> auth = spec.auth().flatMap(a -> authPlan(a, config.population(), variables, sources, spec.actions().keySet()));
            Set<String> reachable = reachable(spec, config.population(), auth);
            Map<String, CompiledAction> actions = new LinkedHashMap<>();
            for (ScenarioSpec.ActionSpec a : spec.actions().values()) {
                if (reachable.contains(a.name())) {
                    actions.put(a.name(), steps.action(a));
                }
            }
            Set<String> unreachable = new LinkedHashSet<>(spec.actions().keySet());
            unreachable.removeAll(reachable);
            return new Scenario(actions, auth, variables, steps.sockets(), socketIndex.size(), feeders, config.population().keepCookies(), unreachable);
        } catch (RuntimeException e) {
            feeders.forEach(Feeders.Feeder::close);
            throw e;
        }
    }

    /**
     * The actions users can get to: those of the personas' flows and weights, the login's, and those these
     * hand over to ({@code instead}, a pick's {@code else}). Only they are compiled (so an action for a service
     * the run does not target is no error unless a persona uses it); the rest are reported as unreachable.
     */
    private static Set<String> reachable(ScenarioSpec spec, Population population, Optional<Auth.Plan> auth) {
        Set<String> out = new LinkedHashSet<>();
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>();
        for (Population.PersonaSpec p : population.personas()) {
            switch (p.flow()) {
                case Population.Flow.Markov m -> m.rows().forEach((from, ts) -> {
                    todo.add(from);
                    ts.forEach(t -> todo.add(t.to()));
                });
                case Population.Flow.Weighted w -> w.actions().forEach(a -> todo.add(a.action()));
            }
            todo.addAll(p.actionThink().keySet());
        }
        auth.ifPresent(a -> {
            a.register().ifPresent(todo::add);
            todo.add(a.login());
            a.refresh().ifPresent(todo::add);
            a.logout().ifPresent(todo::add);
        });
        while (!todo.isEmpty()) {
            String name = todo.poll();
            ScenarioSpec.ActionSpec a = spec.actions().get(name);
            if (a != null && out.add(name)) {
                handOvers(a.steps(), todo);
            }
        }
        return out;
    }

    private static void handOvers(List<StepSpec> steps, java.util.Collection<String> out) {
        for (StepSpec s : steps) {
            switch (s) {
                case StepSpec.Instead i -> out.add(i.action().value());
                case StepSpec.Pick p -> p.orElse().ifPresent(e -> out.add(e.value()));
                case StepSpec.Group g -> handOvers(g.steps(), out);
                default -> { }
            }
        }
    }

    /** Every action the scenario declares, in the order written. */
    List<String> declared() {
        List<String> out = new ArrayList<>(actions.keySet());
        out.addAll(unreachable);
        return out;
    }

    /** The scenario's actions no persona, login or hand-over leads to (not compiled). */
    public Set<String> unreachable() {
        return unreachable;
    }

    /** Declares every variable a step sets (captures, set, pick, type), for the action unless declared otherwise. */
    private static void declareSet(List<StepSpec> steps, Variables variables) {
        for (StepSpec s : steps) {
            switch (s) {
                case StepSpec.Request r -> r.captures().forEach(c -> declareLocal(c.variable(), variables));
                case StepSpec.WsAwait w -> w.captures().forEach(c -> declareLocal(c.variable(), variables));
                case StepSpec.Assign a -> a.values().forEach(p -> declareLocal(p.name(), variables));
                case StepSpec.Pick p -> declareLocal(p.into(), variables);
                case StepSpec.Type t -> declareLocal(t.into(), variables);
                case StepSpec.Group g -> declareSet(g.steps(), variables);
                default -> { }
            }
        }
    }

    private static void declareLocal(Text name, Variables variables) {
        if (!ScenarioSpec.NAME.matcher(name.value()).matches()) {
            throw new ConfigException(name.origin(), "'" + name.value() + "' is not a variable name; use letters, digits, '_', '-' and '.'");
        }
        variables.declare(name.value(), Variables.Scope.ACTION, 0, name.origin());
    }

    private static Optional<Auth.Plan> authPlan(ScenarioSpec.AuthSpec a, Population population, Variables variables, Sources sources,
                                                Set<String> actions) {
        if (population.account() == Population.AccountMode.NONE) {
            return Optional.empty();
        }
        for (Optional<Text> ref : List.of(a.register(), Optional.of(a.login()), a.refresh(), a.logout())) {
            ref.ifPresent(r -> actionName(r, actions, "auth"));
        }
        if (population.account() == Population.AccountMode.POOL && a.register().isEmpty()) {
            throw new ConfigException(a.origin(), "users.account is pool, but auth has no register action to sign the pool up with; "
                    + "add auth.register, or use users.account: register");
        }
        Variables.Var[] account = a.account().stream().map(p -> variables.get(p.name().value()).orElseThrow()).toArray(Variables.Var[]::new);
        Template[] accountValues = a.account().stream().map(p -> sources.template(p.value())).toArray(Template[]::new);
        Template[] headers = a.headers().stream().flatMap(p -> java.util.stream.Stream.of(Template.constant(p.name().value()),
                sources.template(p.value()))).toArray(Template[]::new);
        Set<Integer> slots = new LinkedHashSet<>();
        for (Variables.Var v : variables.all()) {
            if (v.scope() == Variables.Scope.USER && !v.isList()) {
                slots.add(v.slot());
            }
        }
        return Optional.of(new Auth.Plan(account, accountValues, a.register().map(Text::value), a.login().value(),
                a.token().map(t -> variables.get(t.value()).orElseThrow()), headers, a.expiresIn().map(t -> variables.get(t.value()).orElseThrow()),
                a.jwtExpiry(), a.refresh().map(Text::value), a.refreshBefore().toNanos(), a.logout().map(Text::value),
                a.reloginOn().stream().mapToInt(Integer::intValue).toArray(), population.account(), population.poolSize(),
                slots.stream().mapToInt(Integer::intValue).toArray()));
    }

    /** An action's name as written where another is named; unknown is an error with a did-you-mean. */
    static String actionName(Text name, Set<String> actions, String where) {
        if (!actions.contains(name.value())) {
            String hint = Suggest.nearest(name.value(), actions).map(s -> " (did you mean '" + s + "'?)")
                    .orElse("; actions: " + String.join(", ", new TreeSet<>(actions)));
            throw new ConfigException(name.origin(), where + ": no action named '" + name.value() + "'" + hint);
        }
        return name.value();
    }

    CompiledAction action(String name) {
        CompiledAction a = actions.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no action " + name);
        }
        return a;
    }

    /** Every action, in the order written. */
    public List<CompiledActionView> actions() {
        return actions.values().stream().map(a -> new CompiledActionView(a.name(), a.origin())).toList();
    }

    /** An action's name and where it is written, for tools and messages. */
    public record CompiledActionView(String name, Origin origin) {}

    /** The full URLs without placeholders the scenario sends to, beside its targets. */
    public List<java.net.URI> fixedUrls() {
        List<java.net.URI> out = new ArrayList<>();
        for (CompiledAction a : actions.values()) {
            for (Step s : a.steps()) {
                fixedUrls(s, out);
            }
        }
        return out;
    }

    Optional<Auth.Plan> auth() {
        return auth;
    }

    Variables variables() {
        return variables;
    }

    /** The sockets the compiled actions use (each at its index among the declared ones). */
    List<Sockets.Spec> sockets() {
        return sockets;
    }

    /** How many sockets the scenario declares: a user's socket slots, used or not. */
    int socketSlots() {
        return socketSlots;
    }

    /** The slots a new session clears. */
    int[] sessionSlots() {
        return sessionSlots;
    }

    /** The slots of values that live for an action. */
    int[] actionSlots() {
        return actionSlots;
    }

    List<Feeders.Feeder> feeders() {
        return feeders;
    }

    boolean keepCookies() {
        return keepCookies;
    }

    @Override
    public void close() {
        feeders.forEach(Feeders.Feeder::close);
    }

    /** The full URLs without placeholders that a compiled step sends to (not a target's), for the allow-list and the pre-flight. */
    static void fixedUrls(Step s, List<java.net.URI> out) {
        switch (s) {
            case HttpStep h when h.meter().service().equals("http") -> h.fixedUri().ifPresent(out::add);
            case Step.Guarded g -> fixedUrls(g.inner(), out);
            case Step.Group g -> {
                for (Step x : g.steps()) {
                    fixedUrls(x, out);
                }
            }
            default -> { }
        }
    }
}
