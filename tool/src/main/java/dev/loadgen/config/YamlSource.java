package dev.loadgen.config;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads YAML text into a {@link ConfigNode} tree that keeps every value's line and column, so that binding
 * errors can point at the exact place. Scalars pass through {@code interpolate} (the {@code ${ENV}}
 * substitution) as they are read, with their own origin for its errors; except under the sections that hold
 * the scenario's own {@code ${...}} templates ({@link #TEMPLATE_SECTIONS}), which are kept as written so
 * the two never collide (a template reads the environment as {@code ${env.NAME}}).
 */
final class YamlSource {
    /** Top-level keys whose values are scenario templates, filled per user as the run goes, not from the environment. */
    static final Set<String> TEMPLATE_SECTIONS = Set.of("actions", "auth", "sockets", "requests", "pools");

    private final String name;
    private final Origin flagOrigin;
    private final UnaryOperator<ScalarText> interpolate;

    /** Text read from scalars before and after interpolation, with the origin to blame. */
    record ScalarText(String text, Origin origin) {}

    private YamlSource(String name, Origin flagOrigin, UnaryOperator<ScalarText> interpolate) {
        this.name = name;
        this.flagOrigin = flagOrigin;
        this.interpolate = interpolate;
    }

    /** Parses a whole file; an empty file gives an empty map. */
    static ConfigNode.MapNode parseFile(String name, String text, UnaryOperator<ScalarText> interpolate) {
        Optional<ConfigNode> root = new YamlSource(name, null, interpolate).parse(text, true);
        if (root.isEmpty()) {
            return new ConfigNode.MapNode(new Origin(name, 1, 1));
        }
        if (root.get() instanceof ConfigNode.MapNode map) {
            return map;
        }
        ConfigNode r = root.get();
        throw new ConfigException(r.origin(), "the file must be a map of settings (like 'load:'), found " + r.describe());
    }

    /** Parses the value of one {@code --set key=value}: any YAML, typically a scalar or a flow list/map. */
    static ConfigNode parseValue(String flagText, String value, UnaryOperator<ScalarText> interpolate) {
        Origin origin = Origin.flag(flagText);
        return new YamlSource(flagText, origin, interpolate).parse(value, false)
                .orElse(new ConfigNode.Scalar("", true, origin));
    }

    private Optional<ConfigNode> parse(String text, boolean file) {
        LoadSettings settings = LoadSettings.builder().setLabel(name).setAllowDuplicateKeys(false).build();
        try {
            return new Compose(settings).composeString(text).map(n -> convert(n, file, interpolate));
        } catch (MarkedYamlEngineException e) {
            Origin at = e.getProblemMark().map(this::origin).orElse(new Origin(name, 1, 1));
            throw new ConfigException(at, "YAML syntax error: " + oneLine(e.getProblem())
                    + (e.getContext() == null ? "" : " (" + oneLine(e.getContext()) + ")"));
        } catch (YamlEngineException e) {
            throw new ConfigException(new Origin(name, 1, 1), "YAML syntax error: " + oneLine(e.getMessage()));
        }
    }

    private ConfigNode convert(Node node, boolean root, UnaryOperator<ScalarText> interpolate) {
        Origin origin = node.getStartMark().map(this::origin).orElse(new Origin(name, 1, 1));
        if (node.isRecursive()) {
            throw new ConfigException(origin, "recursive YAML aliases are not supported; write the value out");
        }
        return switch (node) {
            case ScalarNode s -> {
                ScalarText t = interpolate.apply(new ScalarText(s.getValue(), origin));
                yield new ConfigNode.Scalar(t.text(), s.isPlain(), origin);
            }
            case SequenceNode seq -> {
                ConfigNode.ListNode list = new ConfigNode.ListNode(origin);
                for (Node item : seq.getValue()) {
                    list.items().add(convert(item, false, interpolate));
                }
                yield list;
            }
            case MappingNode m -> {
                ConfigNode.MapNode map = new ConfigNode.MapNode(origin);
                Set<String> seen = new HashSet<>();
                for (NodeTuple t : m.getValue()) {
                    ConfigNode key = convert(t.getKeyNode(), false, interpolate);
                    if (!(key instanceof ConfigNode.Scalar k)) {
                        throw new ConfigException(key.origin(), "a key must be a plain name, found " + key.describe());
                    }
                    if (!seen.add(k.text())) {
                        throw new ConfigException(key.origin(), "duplicate key '" + k.text() + "'; keep one of them");
                    }
                    UnaryOperator<ScalarText> inside = root && TEMPLATE_SECTIONS.contains(k.text()) ? UnaryOperator.identity() : interpolate;
                    map.entries().put(k.text(), convert(t.getValueNode(), false, inside));
                    map.keyOrigins().put(k.text(), k.origin());
                }
                yield map;
            }
            default -> throw new ConfigException(origin, "unsupported YAML node " + node.getNodeType());
        };
    }

    private Origin origin(Mark mark) {
        return flagOrigin != null ? flagOrigin : new Origin(name, mark.getLine() + 1, mark.getColumn() + 1);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }
}
