package dev.loadgen.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads {@code users} and {@code personas}. Users are drawn from the personas by the weights of
 * {@code users.mix} (every persona alike when there is no mix; the demo scenario has lurker, poster,
 * chatter and socialite, and a mix); {@code users.actions} instead makes one persona, {@code default},
 * that picks actions by weight. {@code users.think}, when set, replaces every persona's think, reading and
 * typing times, which is what {@code --think 0} asks for.
 */
final class PopulationBinder {
    static final Population.ThinkSpec DEFAULT_THINK =
            new Population.ThinkSpec.LogNormal(Duration.ofSeconds(2), Duration.ofSeconds(8));
    static final Population.ThinkSpec DEFAULT_GAP =
            new Population.ThinkSpec.LogNormal(Duration.ofSeconds(5), Duration.ofSeconds(30));

    /** The most {@code users.think-slack} may be: past it, bunched requests matter more than the CPU they save. */
    static final Duration MAX_THINK_SLACK = Duration.ofMillis(20);

    private PopulationBinder() {}

    static Population bind(MapReader u, MapReader personas, Consumer<String> warn) {
        Population.AccountMode account = u.scalar("account").map(s -> switch (s.text().toLowerCase(Locale.ROOT)) {
            case "register" -> Population.AccountMode.REGISTER;
            case "pool" -> Population.AccountMode.POOL;
            case "none" -> Population.AccountMode.NONE;
            default -> throw new ConfigException(s.origin(), u.key("account") + " must be register, pool or none, got '" + s.text() + "'");
        }).orElse(Population.AccountMode.REGISTER);
        int poolSize = u.integer("pool-size", 100, 1, 1_000_000);
        Optional<Population.ThinkSpec> override = u.node("think").map(n -> think(n, u.key("think")));
        MapReader s = u.map("session");
        int meanActions = s.integer("actions", 20, 0, 1_000_000);
        Population.ThinkSpec gap = s.node("gap").map(n -> think(n, s.key("gap"))).orElse(DEFAULT_GAP);
        boolean keepCookies = s.bool("keep-cookies", false);
        s.finish();

        Map<String, Population.PersonaSpec> defined = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : personas.entries().entrySet()) {
            if (!e.getKey().matches("[a-z][a-z0-9_-]*")) {
                throw new ConfigException(personas.keyOrigin(e.getKey()), "personas." + e.getKey()
                        + ": a persona name is lower-case letters, digits, '_' and '-'");
            }
            defined.put(e.getKey(), persona(e.getKey(), MapReader.of(e.getValue(), "personas." + e.getKey()), warn));
        }

        List<Population.PersonaSpec> chosen = new ArrayList<>();
        MapReader mix = u.map("mix");
        List<Population.ActionWeight> weights = actionWeights(u.map("actions"));
        if (!weights.isEmpty()) {
            if (u.has("mix")) {
                throw new ConfigException(mix.origin(), "users.actions and users.mix both say what users do; keep one "
                        + "(users.actions: one persona choosing by weight; users.mix: personas)");
            }
            chosen.add(new Population.PersonaSpec("default", 1, override.orElse(DEFAULT_THINK), Map.of(),
                    new Population.Flow.Weighted(weights, meanActions), 0, Optional.empty(), Optional.empty(), u.origin()));
        } else {
            Map<String, Double> shares = new LinkedHashMap<>();
            Map<String, Origin> origins = new LinkedHashMap<>();
            if (u.has("mix")) {
                for (Map.Entry<String, ConfigNode> e : mix.entries().entrySet()) {
                    if (!(e.getValue() instanceof ConfigNode.Scalar w)) {
                        throw new ConfigException(e.getValue().origin(), mix.key(e.getKey()) + " must be a weight (a number >= 0)");
                    }
                    shares.put(e.getKey(), MapReader.toDouble(w, mix.key(e.getKey()), 0, 1e9));
                    origins.put(e.getKey(), mix.keyOrigin(e.getKey()));
                }
            } else {
                if (defined.isEmpty()) {
                    throw new ConfigException(u.origin(), "nothing says what users do: give personas (and users.mix), or "
                            + "users.actions (weights of actions), or --url");
                }
                defined.keySet().forEach(name -> shares.put(name, 1.0));
            }
            for (Map.Entry<String, Double> e : shares.entrySet()) {
                Population.PersonaSpec p = defined.get(e.getKey());
                if (p == null) {
                    String hint = Suggest.nearest(e.getKey(), defined.keySet()).map(n -> " (did you mean '" + n + "'?)")
                            .orElse("; known personas: " + String.join(", ", defined.keySet()));
                    throw new ConfigException(origins.getOrDefault(e.getKey(), u.origin()), "users.mix: no persona named '" + e.getKey() + "'" + hint);
                }
                if (e.getValue() > 0) {
                    chosen.add(override.map(t -> withThink(p, t)).orElse(p).withWeight(e.getValue()));
                }
            }
            if (chosen.isEmpty()) {
                throw new ConfigException(mix.origin(), "users.mix gives no persona a weight above 0; give one a weight");
            }
        }
        Duration thinkSlack = u.duration("think-slack", Duration.ZERO);
        if (thinkSlack.compareTo(MAX_THINK_SLACK) > 0) {
            throw new ConfigException(u.scalar("think-slack").orElseThrow().origin(), u.key("think-slack") + " is "
                    + Values.format(thinkSlack) + "; at most " + Values.format(MAX_THINK_SLACK)
                    + " (how much later than drawn a think may end; 2ms saves most of the CPU, 0 keeps every think exact)");
        }
        u.finish();
        return new Population(account, poolSize, chosen, gap, keepCookies, thinkSlack);
    }

    private static Population.PersonaSpec withThink(Population.PersonaSpec p, Population.ThinkSpec t) {
        return new Population.PersonaSpec(p.name(), p.weight(), t, Map.of(), p.flow(), p.abandon(), Optional.empty(), Optional.empty(), p.origin());
    }

    static Population.PersonaSpec persona(String name, MapReader p, Consumer<String> warn) {
        Population.ThinkSpec think = p.node("think").map(n -> think(n, p.key("think"))).orElse(DEFAULT_THINK);
        Map<String, Population.ThinkSpec> actionThink = new LinkedHashMap<>();
        MapReader at = p.map("action-think");
        at.entries().forEach((action, node) -> actionThink.put(action, think(node, at.key(action))));
        double abandon = p.number("abandon", 0, 0, 1);
        Optional<Population.Pace> reading = pace(p, "reading", "words-per-minute");
        Optional<Population.Pace> typing = pace(p, "typing", "chars-per-second");
        Population.Flow flow;
        if (p.has("flow") == p.has("actions")) {
            throw new ConfigException(p.origin(), "persona '" + name + "' needs either flow (a Markov chain) or actions (weights); not both");
        }
        if (p.has("flow")) {
            flow = FlowBinder.markov(p.map("flow"), warn);
        } else {
            List<Population.ActionWeight> weights = actionWeights(p.map("actions"));
            flow = new Population.Flow.Weighted(weights, p.integer("session-actions", 20, 0, 1_000_000));
        }
        p.finish();
        return new Population.PersonaSpec(name, 0, think, actionThink, flow, abandon, reading, typing, p.origin());
    }

    private static Optional<Population.Pace> pace(MapReader p, String key, String unit) {
        if (!p.has(key)) {
            p.node(key);
            return Optional.empty();
        }
        MapReader r = p.map(key);
        double perUnit = r.number(unit, 0, 0.01, 1e6);
        if (!r.has(unit)) {
            throw new ConfigException(r.origin(), r.key(unit) + " is missing");
        }
        double jitter = r.number("jitter", 0.3, 0, 3);
        r.finish();
        return Optional.of(new Population.Pace(perUnit, jitter));
    }

    /** {@code name: weight}, or grouped as {@code posts: {feed: 20}} for the actions {@code posts.feed}... */
    static List<Population.ActionWeight> actionWeights(MapReader a) {
        List<Population.ActionWeight> weights = new ArrayList<>();
        for (Map.Entry<String, ConfigNode> e : a.entries().entrySet()) {
            if (e.getValue() instanceof ConfigNode.Scalar w) {
                weights.add(new Population.ActionWeight(e.getKey(), MapReader.toDouble(w, a.key(e.getKey()), 0, 1e9), w.origin()));
                continue;
            }
            MapReader names = MapReader.of(e.getValue(), a.key(e.getKey()));
            for (Map.Entry<String, ConfigNode> n : names.entries().entrySet()) {
                if (!(n.getValue() instanceof ConfigNode.Scalar w)) {
                    throw new ConfigException(n.getValue().origin(), names.key(n.getKey()) + " must be a weight (a number >= 0)");
                }
                double weight = MapReader.toDouble(w, names.key(n.getKey()), 0, 1e9);
                weights.add(new Population.ActionWeight(e.getKey() + "." + n.getKey(), weight, w.origin()));
            }
        }
        return weights;
    }

    /** {@code 2s} (constant) or {@code {distribution: lognormal, median: 2s, p95: 8s}} and the others. */
    static Population.ThinkSpec think(ConfigNode node, String key) {
        if (node instanceof ConfigNode.Scalar s) {
            return new Population.ThinkSpec.Constant(Values.duration(s.text(), s.origin(), key));
        }
        MapReader m = MapReader.of(node, key);
        String kind = m.string("distribution", "lognormal").toLowerCase(Locale.ROOT);
        Population.ThinkSpec spec = switch (kind) {
            case "constant" -> new Population.ThinkSpec.Constant(required(m, "value"));
            case "lognormal" -> {
                Duration median = required(m, "median");
                Duration p95 = required(m, "p95");
                if (p95.compareTo(median) < 0 || median.isZero()) {
                    throw new ConfigException(m.origin(), key + ": a log-normal needs 0 < median <= p95");
                }
                yield new Population.ThinkSpec.LogNormal(median, p95);
            }
            case "exponential" -> new Population.ThinkSpec.Exponential(required(m, "mean"));
            case "uniform" -> {
                Duration min = required(m, "min");
                Duration max = required(m, "max");
                if (max.compareTo(min) < 0) {
                    throw new ConfigException(m.origin(), key + ": a uniform distribution needs min <= max");
                }
                yield new Population.ThinkSpec.Uniform(min, max);
            }
            case "pacing" -> new Population.ThinkSpec.Pacing(required(m, "cycle"));
            default -> throw new ConfigException(m.scalar("distribution").orElseThrow().origin(), m.key("distribution")
                    + " must be lognormal, exponential, uniform, constant or pacing, got '" + kind + "'");
        };
        m.finish();
        return spec;
    }

    private static Duration required(MapReader m, String k) {
        return m.duration(k).orElseThrow(() -> new ConfigException(m.origin(), m.key(k) + " is missing for this distribution"));
    }
}
