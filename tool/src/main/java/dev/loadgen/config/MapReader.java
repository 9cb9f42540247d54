package dev.loadgen.config;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one map of the configuration tree into typed values, remembering every key it was asked for.
 * {@link #finish()} then rejects the keys nobody asked for, suggesting the nearest known one
 * ("did you mean"), so a typo never passes silently.
 */
final class MapReader {
    private final ConfigNode.MapNode map;
    private final String path;
    private final Set<String> known = new LinkedHashSet<>();

    private MapReader(ConfigNode.MapNode map, String path) {
        this.map = map;
        this.path = path;
    }

    static MapReader of(ConfigNode node, String path) {
        return switch (node) {
            case ConfigNode.MapNode m -> new MapReader(m, path);
            case ConfigNode.Scalar s when s.isNull() -> new MapReader(new ConfigNode.MapNode(s.origin()), path);
            default -> throw new ConfigException(node.origin(), path + " must be a map of settings, found " + node.describe());
        };
    }

    Origin origin() {
        return map.origin();
    }

    /** Where key {@code k} itself was written. */
    Origin keyOrigin(String k) {
        return map.keyOrigin(k);
    }

    String path() {
        return path;
    }

    String key(String k) {
        return path.isEmpty() ? k : path + "." + k;
    }

    /** The node at {@code k}, if present and not null. */
    Optional<ConfigNode> node(String k) {
        known.add(k);
        ConfigNode n = map.entries().get(k);
        if (n == null || n instanceof ConfigNode.Scalar s && s.isNull()) {
            return Optional.empty();
        }
        return Optional.of(n);
    }

    Optional<ConfigNode.Scalar> scalar(String k) {
        return node(k).map(n -> {
            if (n instanceof ConfigNode.Scalar s) {
                return s;
            }
            throw new ConfigException(n.origin(), key(k) + " must be a single value, found " + n.describe());
        });
    }

    Optional<String> string(String k) {
        return scalar(k).map(ConfigNode.Scalar::text);
    }

    String string(String k, String fallback) {
        return string(k).orElse(fallback);
    }

    int integer(String k, int fallback, int min, int max) {
        return scalar(k).map(s -> toInt(s, key(k), min, max)).orElse(fallback);
    }

    double number(String k, double fallback, double min, double max) {
        return scalar(k).map(s -> toDouble(s, key(k), min, max)).orElse(fallback);
    }

    boolean bool(String k, boolean fallback) {
        return scalar(k).map(s -> switch (s.text().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new ConfigException(s.origin(), key(k) + " must be true or false, got '" + s.text() + "'");
        }).orElse(fallback);
    }

    Optional<Duration> duration(String k) {
        return scalar(k).map(s -> Values.duration(s.text(), s.origin(), key(k)));
    }

    Duration duration(String k, Duration fallback) {
        return duration(k).orElse(fallback);
    }

    MapReader map(String k) {
        return node(k).map(n -> MapReader.of(n, key(k)))
                .orElseGet(() -> new MapReader(new ConfigNode.MapNode(map.origin()), key(k)));
    }

    List<ConfigNode> list(String k) {
        return node(k).map(n -> switch (n) {
            case ConfigNode.ListNode l -> List.copyOf(l.items());
            default -> throw new ConfigException(n.origin(), key(k) + " must be a list (- item per line, or [a, b]), found " + n.describe());
        }).orElse(List.of());
    }

    /** The entries of a free-form map (names chosen by the user), each key marked as known. */
    Map<String, ConfigNode> entries() {
        known.addAll(map.entries().keySet());
        return map.entries();
    }

    /** The keys written here, without marking them known (for choosing how to read the map). */
    java.util.Set<String> keys() {
        return map.entries().keySet();
    }

    boolean has(String k) {
        ConfigNode n = map.entries().get(k);
        return n != null && !(n instanceof ConfigNode.Scalar s && s.isNull());
    }

    /** Rejects keys that no one asked for, with the nearest known key as a suggestion. */
    void finish() {
        for (Map.Entry<String, ConfigNode> e : map.entries().entrySet()) {
            if (!known.contains(e.getKey())) {
                String hint = Suggest.nearest(e.getKey(), known).map(s -> " (did you mean '" + key(s) + "'?)")
                        .orElse("; known keys here: " + String.join(", ", known));
                throw new ConfigException(map.keyOrigin(e.getKey()), "unknown key '" + key(e.getKey()) + "'" + hint);
            }
        }
    }

    static int toInt(ConfigNode.Scalar s, String key, int min, int max) {
        try {
            long v = Long.parseLong(s.text().trim().replace("_", ""));
            if (v < min || v > max) {
                throw new ConfigException(s.origin(), key + " must be " + range(min, max) + ", got " + s.text());
            }
            return (int) v;
        } catch (NumberFormatException e) {
            throw new ConfigException(s.origin(), key + " must be a whole number, got '" + s.text() + "'");
        }
    }

    static double toDouble(ConfigNode.Scalar s, String key, double min, double max) {
        try {
            double v = Double.parseDouble(s.text().trim());
            if (!(v >= min && v <= max)) {
                throw new ConfigException(s.origin(), key + " must be between " + min + " and " + max + ", got " + s.text());
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(s.origin(), key + " must be a number, got '" + s.text() + "'");
        }
    }

    private static String range(int min, int max) {
        return max >= 1_000_000 ? "at least " + min : "from " + min + " to " + max;
    }
}
