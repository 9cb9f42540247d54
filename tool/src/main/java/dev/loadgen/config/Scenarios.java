package dev.loadgen.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The scenario a config builds on. {@code scenario: FILE} names a scenario file (relative to the file it is
 * written in), {@code scenario: demo} the built-in one (the demo app's users, {@code demo-scenario.yaml} beside
 * this class, copied to configs/), {@code scenario: none} nothing. Without the key, a config that declares
 * its own {@code actions} builds on nothing, and any other (one with only {@code requests}, too) builds on the demo's.
 *
 * <p>The scenario is a layer under the config: the config's own entries win, and in the sections of named
 * things ({@code actions}, {@code personas}, {@code variables}, {@code pools}, {@code data}, {@code sockets})
 * they win name by name, so a config can change one persona of the demo and keep the rest.
 */
public final class Scenarios {
    public static final String DEMO = "demo-scenario.yaml";
    static final String DEMO_ORIGIN = DEMO + " (built in)";
    private static final Set<String> BY_NAME = Set.of("actions", "personas", "variables", "pools", "data", "sockets");

    private Scenarios() {}

    /** The built-in demo scenario's text, as shipped in the jar (and in configs/). */
    public static String demoText() {
        try (InputStream in = Scenarios.class.getResourceAsStream(DEMO)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the built-in demo scenario cannot be read from the jar", e);
        }
    }

    static ConfigNode.MapNode under(ConfigNode.MapNode config, UnaryOperator<YamlSource.ScalarText> interpolation) {
        ConfigNode.MapNode base = base(config, interpolation);
        if (base.entries().containsKey("scenario")) {
            throw new ConfigException(base.keyOrigin("scenario"), "a scenario file cannot name another scenario; remove this key");
        }
        ConfigNode.MapNode out = new ConfigNode.MapNode(config.origin());
        base.entries().forEach((k, v) -> {
            out.entries().put(k, v);
            out.keyOrigins().put(k, base.keyOrigin(k));
        });
        config.entries().forEach((k, v) -> {
            ConfigNode under = out.entries().get(k);
            if (under instanceof ConfigNode.MapNode b && v instanceof ConfigNode.MapNode c && (BY_NAME.contains(k) || k.equals("users"))) {
                ConfigNode.MapNode merged = new ConfigNode.MapNode(c.origin());
                b.entries().forEach((name, n) -> merged.entries().put(name, n));
                merged.keyOrigins().putAll(b.keyOrigins());
                if (k.equals("users") && (c.entries().containsKey("actions") || c.entries().containsKey("mix"))) {
                    // the config says what its users do: the scenario's mix does not apply
                    merged.entries().remove("mix");
                }
                c.entries().forEach((name, n) -> {
                    merged.entries().put(name, n);
                    merged.keyOrigins().put(name, c.keyOrigin(name));
                });
                out.entries().put(k, merged);
            } else {
                out.entries().put(k, v);
            }
            out.keyOrigins().put(k, config.keyOrigin(k));
        });
        return out;
    }

    private static ConfigNode.MapNode base(ConfigNode.MapNode config, UnaryOperator<YamlSource.ScalarText> interpolation) {
        ConfigNode named = config.entries().get("scenario");
        if (named == null || named instanceof ConfigNode.Scalar s && s.isNull()) {
            // requests: (the older, flat form) always came on top of the demo's users; actions: are a scenario's own
            boolean own = config.entries().get("actions") instanceof ConfigNode.MapNode m && !m.entries().isEmpty();
            return own ? empty() : demo();
        }
        if (!(named instanceof ConfigNode.Scalar s) || s.text().isBlank()) {
            throw new ConfigException(named.origin(), "scenario must be a file name, demo or none");
        }
        return switch (s.text().trim()) {
            case "demo" -> demo();
            case "none" -> empty();
            default -> {
                Path file = relative(s.text(), s.origin());
                String text;
                try {
                    text = ConfigLoader.read(file, "scenario file", " (relative to "
                            + (s.origin().inFile() ? "the file it is written in" : "the current folder") + ")");
                } catch (ConfigException e) {
                    throw new ConfigException(s.origin(), e.getMessage());
                }
                yield YamlSource.parseFile(file.toString(), text, interpolation);
            }
        };
    }

    /** A path as written: relative to the file it is written in, or to the current folder when given on the command line. */
    public static Path relative(String path, Origin origin) {
        Path p = Path.of(path.trim());
        if (p.isAbsolute() || !origin.inFile() || origin.source().endsWith("(built in)")) {
            return p;
        }
        Path parent = Path.of(origin.source()).getParent();
        return parent == null ? p : parent.resolve(p);
    }

    private static ConfigNode.MapNode demo() {
        return YamlSource.parseFile(DEMO_ORIGIN, demoText(), t -> t);
    }

    private static ConfigNode.MapNode empty() {
        return new ConfigNode.MapNode(Origin.DEFAULTS);
    }
}
