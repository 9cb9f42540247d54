package dev.loadgen.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads the {@code users} section: accounts, think time, sessions and action weights. */
final class PopulationBinder {
    static final Population.ThinkSpec DEFAULT_THINK =
            new Population.ThinkSpec.LogNormal(Duration.ofSeconds(2), Duration.ofSeconds(8));
    static final Population.ThinkSpec DEFAULT_GAP =
            new Population.ThinkSpec.LogNormal(Duration.ofSeconds(5), Duration.ofSeconds(30));

    private PopulationBinder() {}

    static Population bind(MapReader u) {
        Population.AccountMode account = u.scalar("account").map(s -> switch (s.text().toLowerCase(Locale.ROOT)) {
            case "register" -> Population.AccountMode.REGISTER;
            case "pool" -> Population.AccountMode.POOL;
            case "none" -> Population.AccountMode.NONE;
            default -> throw new ConfigException(s.origin(), u.key("account") + " must be register, pool or none, got '" + s.text() + "'");
        }).orElse(Population.AccountMode.REGISTER);
        int poolSize = u.integer("pool-size", 100, 1, 1_000_000);
        Population.ThinkSpec think = u.node("think").map(n -> think(n, u.key("think"))).orElse(DEFAULT_THINK);
        MapReader s = u.map("session");
        int actions = s.integer("actions", 20, 0, 1_000_000);
        Population.ThinkSpec gap = s.node("gap").map(n -> think(n, s.key("gap"))).orElse(DEFAULT_GAP);
        s.finish();
        List<Population.ActionWeight> weights = new ArrayList<>();
        MapReader a = u.map("actions");
        for (Map.Entry<String, ConfigNode> svc : a.entries().entrySet()) {
            MapReader names = MapReader.of(svc.getValue(), a.key(svc.getKey()));
            for (Map.Entry<String, ConfigNode> e : names.entries().entrySet()) {
                if (!(e.getValue() instanceof ConfigNode.Scalar w)) {
                    throw new ConfigException(e.getValue().origin(), names.key(e.getKey()) + " must be a weight (a number >= 0)");
                }
                double weight = MapReader.toDouble(w, names.key(e.getKey()), 0, 1e9);
                weights.add(new Population.ActionWeight(svc.getKey() + "." + e.getKey(), weight, w.origin()));
            }
        }
        u.finish();
        return new Population(account, poolSize, think, new Population.SessionSpec(actions, gap), weights);
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
            default -> throw new ConfigException(m.scalar("distribution").orElseThrow().origin(), m.key("distribution")
                    + " must be lognormal, exponential, uniform or constant, got '" + kind + "'");
        };
        m.finish();
        return spec;
    }

    private static Duration required(MapReader m, String k) {
        return m.duration(k).orElseThrow(() -> new ConfigException(m.origin(), m.key(k) + " is missing for this distribution"));
    }
}
