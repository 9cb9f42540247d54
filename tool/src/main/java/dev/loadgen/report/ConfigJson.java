package dev.loadgen.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadgen.config.LoadProfile;
import dev.loadgen.config.Origin;
import dev.loadgen.config.Redaction;
import dev.loadgen.config.ConfigNode;
import dev.loadgen.config.Population;
import dev.loadgen.config.RunConfig;
import dev.loadgen.config.ScenarioSpec;
import dev.loadgen.config.Segment;
import dev.loadgen.config.Threshold;
import dev.loadgen.config.Values;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code config.json}: the configuration the run used, defaults included, with secrets redacted, for the
 * report's "configuration" section. Written from the validated {@link RunConfig} records themselves, so
 * a setting added later shows up without a change here; names are the YAML's kebab-case.
 */
public final class ConfigJson {
    public static final String FILE = "config.json";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * By record and component name, what the scenario binders give when the file leaves a key out
     * (ConfigJsonTest binds a scenario that leaves them all out, so a binder's default and this cannot drift
     * apart unnoticed).
     */
    private static final Map<Class<? extends Record>, Map<String, Object>> DEFAULTS = Map.of(
            ScenarioSpec.VariableSpec.class, Map.of("session", false),
            ScenarioSpec.PoolSpec.class, Map.of("values", List.of()),
            ScenarioSpec.DataSpec.class, Map.of("perSession", false),
            ScenarioSpec.SocketSpec.class, Map.of("headers", List.of(), "query", List.of(), "auth", false, "keepForSession", false),
            ScenarioSpec.TrackSpec.class, Map.of("joined", List.of()),
            ScenarioSpec.AuthSpec.class, Map.of("account", List.of(), "headers", List.of(), "jwtExpiry", false, "reloginOn", Set.of(401)),
            ScenarioSpec.CaptureSpec.class, Map.of("optional", false),
            ScenarioSpec.CheckSpec.class, Map.of("statuses", Set.of(), "exists", true),
            ScenarioSpec.Common.class, Map.of("when", List.of()));

    private ConfigJson() {}

    public static void write(RunConfig config, Path dir) throws IOException {
        Files.writeString(dir.resolve(FILE), IntervalJson.JSON.writer().with(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(describe(config)) + "\n");
    }

    static JsonNode describe(RunConfig config) {
        return node(config, "");
    }

    private static JsonNode node(Object v, String key) {
        if (v != null && !(v instanceof Boolean) && !(v instanceof Optional<?> o && o.isEmpty()) && Redaction.secretKey(key)) {
            return NODES.textNode(Redaction.REDACTED);
        }
        return switch (v) {
            case null -> NODES.nullNode();
            case Optional<?> o -> o.isPresent() ? node(o.get(), key) : NODES.nullNode();
            case Duration d -> NODES.textNode(Values.format(d));
            case URI u -> NODES.textNode(Redaction.uri(u));
            case Path p -> NODES.textNode(p.toString());
            case Threshold t -> threshold(t);
            case ScenarioSpec.Text t -> NODES.textNode(Redaction.text(t.value()));
            case ConfigNode c -> tree(c);
            case Origin o -> NODES.nullNode();
            case Segment s -> NODES.textNode(s.toString());
            case Enum<?> e -> NODES.textNode(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            case String s -> NODES.textNode(Redaction.text(s));
            case Boolean b -> NODES.booleanNode(b);
            case Integer i -> NODES.numberNode(i);
            case Long l -> NODES.numberNode(l);
            case Double d -> NODES.numberNode(d);
            case Number n -> NODES.textNode(n.toString());
            case Map<?, ?> m -> map(m);
            case Collection<?> c when !c.isEmpty() && c.stream().allMatch(i -> i instanceof ScenarioSpec.Pair) -> {
                ObjectNode pairs = NODES.objectNode();
                c.forEach(i -> {
                    ScenarioSpec.Pair p = (ScenarioSpec.Pair) i;
                    pairs.set(p.name().value(), node(p.value(), p.name().value()));
                });
                yield pairs;
            }
            case Collection<?> c -> {
                ArrayNode a = NODES.arrayNode();
                c.forEach(item -> a.add(node(item, key)));
                yield a;
            }
            case Record r -> record(r);
            default -> NODES.textNode(Redaction.text(v.toString()));
        };
    }

    /** As in the YAML: the expression, or the map form for one that aborts the run when it fails. */
    private static JsonNode threshold(Threshold t) {
        return t.abortOnFail().<JsonNode>map(a -> {
            ObjectNode n = NODES.objectNode();
            n.put("threshold", t.expression());
            n.put("abort-on-fail", true);
            n.put("abort-grace", Values.format(a.grace()));
            return n;
        }).orElseGet(() -> NODES.textNode(t.expression()));
    }

    /** A YAML tree as written (a JSON body of the scenario), secrets redacted by their keys. */
    private static JsonNode tree(ConfigNode n) {
        return switch (n) {
            case ConfigNode.Scalar sc -> NODES.textNode(Redaction.text(sc.text()));
            case ConfigNode.ListNode l -> {
                ArrayNode a = NODES.arrayNode();
                l.items().forEach(i -> a.add(tree(i)));
                yield a;
            }
            case ConfigNode.MapNode m -> {
                ObjectNode o = NODES.objectNode();
                m.entries().forEach((k, v) -> o.set(k, Redaction.secretKey(k) ? NODES.textNode(Redaction.REDACTED) : tree(v)));
                yield o;
            }
        };
    }

    private static ObjectNode map(Map<?, ?> m) {
        ObjectNode n = NODES.objectNode();
        new TreeMap<String, Object>(toStrings(m)).forEach((k, v) -> n.set(k, node(v, k)));
        return n;
    }

    private static Map<String, Object> toStrings(Map<?, ?> m) {
        Map<String, Object> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static ObjectNode record(Record r) {
        ObjectNode n = NODES.objectNode();
        switch (r) {
            case ScenarioSpec.StepSpec step -> n.put("step", kebab(step.getClass().getSimpleName()));
            case LoadProfile.Closed c -> n.put("model", "closed");
            case LoadProfile.Open o -> n.put("model", "open");
            case Population.ThinkSpec t -> n.put("distribution", r.getClass().getSimpleName().toLowerCase(Locale.ROOT));
            default -> { }
        }
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            if (c.getType() == Origin.class) {
                continue;
            }
            Object value;
            try {
                value = c.getAccessor().invoke(r);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass().getSimpleName(), e);
            }
            if (r.getClass().getEnclosingClass() == ScenarioSpec.class && leftOut(r, c.getName(), value)) {
                continue; // a scenario's parts say only what they set
            }
            String name = kebab(c.getName());
            n.set(name, node(value, name));
        }
        return n;
    }

    /**
     * Whether a component of a scenario record goes unwritten: it is absent (an empty {@code Optional}), or it
     * holds exactly what the binder gives when its key is left out of the file. A component not listed in
     * {@link #DEFAULTS} is written whatever its value: a {@code false} or an empty list is not a default by
     * its type ({@code exists: false} on a check, {@code relogin-on: []}).
     */
    private static boolean leftOut(Record r, String component, Object value) {
        if (value instanceof Optional<?> o && o.isEmpty()) {
            return true;
        }
        Map<String, Object> defaults = DEFAULTS.getOrDefault(r.getClass(), Map.of());
        return defaults.containsKey(component) && defaults.get(component).equals(value);
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
