package dev.loadgen.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code chaos:} into a {@link ChaosConfig}. Faults are keyed by kind, so that one can be changed
 * from the command line ({@code --set chaos.faults.server-abort.probability=5%}); every bad value gets
 * one line naming where it was written.
 */
final class ChaosBinder {
    private static final Duration DEFAULT_DELAY = Duration.ofMillis(500);
    private static final Duration DEFAULT_STALL = Duration.ofSeconds(2);

    private ChaosBinder() {}

    static ChaosConfig bind(MapReader c, Set<String> services) {
        if (!c.has("faults") && !c.has("enabled")) {
            c.finish();
            return ChaosConfig.OFF;
        }
        boolean enabled = c.bool("enabled", true);
        MapReader faults = c.map("faults");
        List<ChaosConfig.Fault> out = new ArrayList<>();
        for (Map.Entry<String, ConfigNode> e : faults.entries().entrySet()) {
            Origin keyAt = faults.keyOrigin(e.getKey());
            ChaosConfig.Kind kind = ChaosConfig.Kind.of(e.getKey()).orElseThrow(() -> new ConfigException(keyAt,
                    "unknown chaos kind '" + e.getKey() + "'" + Suggest.nearest(e.getKey(), labels()).map(s -> " (did you mean '" + s + "'?)").orElse("")
                            + "; known kinds: " + ChaosConfig.Kind.known()));
            ChaosConfig.Fault f = fault(kind, MapReader.of(e.getValue(), faults.key(e.getKey())), services);
            out.add(f);
        }
        c.finish();
        checkShares(out, faults.origin());
        return out.isEmpty() ? ChaosConfig.OFF : new ChaosConfig(enabled, out);
    }

    /**
     * The faults that can meet on one request share one draw, so their probabilities must add up to at most
     * 1. Two request faults can meet unless both list endpoints and none in common, or both list services
     * and none in common; the WebSocket faults always can.
     */
    private static void checkShares(List<ChaosConfig.Fault> faults, Origin origin) {
        for (ChaosConfig.Fault f : faults) {
            double sum = 0;
            List<String> with = new ArrayList<>();
            for (ChaosConfig.Fault g : faults) {
                if (g.kind().channel == f.kind().channel && mayMeet(f, g)) {
                    sum += g.probability();
                    with.add(g.kind().label);
                }
            }
            if (sum > 1 + 1e-9) {
                throw new ConfigException(origin, "chaos.faults: " + String.join(", ", with) + " can hit the same "
                        + (f.kind().channel == ChaosConfig.Channel.HTTP ? "request" : "chat action") + " and their probabilities add up to "
                        + String.format(java.util.Locale.ROOT, "%.3g", sum) + "; they share one draw, so together they must be at most 1 "
                        + "(or target them at different endpoints)");
            }
        }
    }

    private static boolean mayMeet(ChaosConfig.Fault f, ChaosConfig.Fault g) {
        if (f.kind().channel == ChaosConfig.Channel.WEBSOCKET) {
            return true;
        }
        boolean endpointsApart = !f.endpoints().isEmpty() && !g.endpoints().isEmpty() && f.endpoints().stream().noneMatch(g.endpoints()::contains);
        boolean servicesApart = !f.services().isEmpty() && !g.services().isEmpty() && f.services().stream().noneMatch(g.services()::contains);
        return !endpointsApart && !servicesApart;
    }

    private static List<String> labels() {
        return java.util.Arrays.stream(ChaosConfig.Kind.values()).map(k -> k.label).toList();
    }

    private static ChaosConfig.Fault fault(ChaosConfig.Kind kind, MapReader f, Set<String> known) {
        double p = f.scalar("probability").map(s -> probability(s, f.key("probability")))
                .orElseThrow(() -> new ConfigException(f.origin(), f.key("probability") + " is missing; write it like 0.02 or 2%"));
        List<String> services = strings(f, "services");
        for (String s : services) {
            if (!known.contains(s)) {
                throw new ConfigException(f.node("services").orElseThrow().origin(), f.key("services") + ": no service named '" + s
                        + "'; use " + String.join(", ", new java.util.TreeSet<>(known)));
            }
        }
        List<String> endpoints = strings(f, "endpoints");
        for (String ep : endpoints) {
            if (!ep.matches("[A-Z]+ /\\S*")) {
                throw new ConfigException(f.node("endpoints").orElseThrow().origin(), f.key("endpoints") + ": '" + ep
                        + "' is not an endpoint; write it as method and route template, like 'POST /posts' or 'GET /posts/{id}'");
            }
        }
        List<ChaosConfig.Window> windows = new ArrayList<>();
        if (f.has("at") || f.has("for")) {
            windows.add(window(f));
        }
        for (ConfigNode n : f.list("windows")) {
            MapReader w = MapReader.of(n, f.key("windows"));
            windows.add(window(w));
            w.finish();
        }
        Duration delay = Duration.ZERO;
        int status = 0;
        int rate = 0;
        int size = 0;
        int count = 0;
        switch (kind) {
            case DELAY, SERVER_DELAY -> delay = nonNegative(f, "delay", DEFAULT_DELAY);
            case WS_STALL -> delay = nonNegative(f, "delay", DEFAULT_STALL);
            case SERVER_ABORT -> status = f.scalar("status").map(s -> {
                try {
                    int v = Integer.parseInt(s.text().trim());
                    if (v >= 200 && v < 600) {
                        return v;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                throw new ConfigException(s.origin(), f.key("status") + " must be an HTTP status from 200 to 599, got '" + s.text() + "'");
            }).orElse(503);
            case SLOW_UPLOAD -> rate = f.integer("bytes-per-second", 256, 1, Integer.MAX_VALUE);
            case OVERSIZED_BODY -> size = f.integer("size", 96 * 1024, 1, 64 * 1024 * 1024);
            case RECONNECT_BURST -> count = f.integer("count", 5, 1, 100);
            default -> {
                // the other kinds take no parameter
            }
        }
        if (kind == ChaosConfig.Kind.SERVER_DELAY && delay.toMillis() > 30_000) {
            throw new ConfigException(f.scalar("delay").orElseThrow().origin(), f.key("delay")
                    + " must be at most 30s: Envoy and the demo refuse longer fault delays");
        }
        f.finish();
        return new ChaosConfig.Fault(kind, p, services, endpoints, windows, delay, status, rate, size, count, f.origin());
    }

    private static ChaosConfig.Window window(MapReader w) {
        Duration at = nonNegative(w, "at", Duration.ZERO);
        Optional<Duration> length = w.has("for") ? Optional.of(nonNegative(w, "for", Duration.ZERO)) : Optional.empty();
        if (length.isPresent() && length.get().isZero()) {
            throw new ConfigException(w.scalar("for").orElseThrow().origin(), w.key("for") + " must be above 0 (leave it out for 'until the end')");
        }
        return new ChaosConfig.Window(at, length);
    }

    private static Duration nonNegative(MapReader m, String key, Duration fallback) {
        return m.scalar(key).map(s -> {
            if (s.text().trim().startsWith("-")) {
                throw new ConfigException(s.origin(), m.key(key) + " must not be negative, got " + s.text().trim());
            }
            return Values.duration(s.text(), s.origin(), m.key(key));
        }).orElse(fallback);
    }

    /** A probability as a number from 0 to 1 or a percentage from 0% to 100%. */
    static double probability(ConfigNode.Scalar s, String key) {
        String t = s.text().trim();
        double v;
        try {
            v = t.endsWith("%") ? Double.parseDouble(t.substring(0, t.length() - 1).trim()) / 100 : Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new ConfigException(s.origin(), key + " must be a probability like 0.02 or 2%, got '" + t + "'");
        }
        if (!(v >= 0 && v <= 1)) {
            throw new ConfigException(s.origin(), key + " must be between 0 and 1 (0% to 100%), got " + t);
        }
        return v;
    }

    private static List<String> strings(MapReader m, String key) {
        Optional<ConfigNode> n = m.node(key);
        if (n.isEmpty()) {
            return List.of();
        }
        List<ConfigNode> items = n.get() instanceof ConfigNode.ListNode l ? l.items() : List.of(n.get());
        List<String> out = new ArrayList<>();
        for (ConfigNode i : items) {
            if (!(i instanceof ConfigNode.Scalar s) || s.isNull() || s.text().isBlank()) {
                throw new ConfigException(i.origin(), m.key(key) + " must be a name or a list of names");
            }
            out.add(s.text().trim());
        }
        return out;
    }
}
