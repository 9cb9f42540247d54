package dev.loadgen.config;

import dev.loadgen.config.ScenarioSpec.Body;
import dev.loadgen.config.ScenarioSpec.CaptureFrom;
import dev.loadgen.config.ScenarioSpec.CaptureSpec;
import dev.loadgen.config.ScenarioSpec.CheckKind;
import dev.loadgen.config.ScenarioSpec.CheckSpec;
import dev.loadgen.config.ScenarioSpec.Common;
import dev.loadgen.config.ScenarioSpec.Condition;
import dev.loadgen.config.ScenarioSpec.Pair;
import dev.loadgen.config.ScenarioSpec.StepSpec;
import dev.loadgen.config.ScenarioSpec.Text;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one step of an action: a map with exactly one key that says what kind of step it is
 * ({@code request}, {@code ws-send}, {@code pick}, ...), the keys of that kind, and the keys every step may
 * have ({@code if}, {@code repeat}). Unknown keys are errors with a "did you mean".
 */
final class StepBinder {
    static final List<String> KINDS = List.of("request", "ws-open", "ws-send", "ws-await", "ws-close", "pause", "read", "type",
            "set", "remember", "forget", "publish", "pick", "instead", "steps");

    private StepBinder() {}

    static List<StepSpec> steps(ConfigNode node, String key) {
        if (!(node instanceof ConfigNode.ListNode list)) {
            throw new ConfigException(node.origin(), key + " must be a list of steps (- request: GET posts /feed), found " + node.describe());
        }
        List<StepSpec> out = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            out.add(step(list.items().get(i), key + "." + i));
        }
        return out;
    }

    static StepSpec step(ConfigNode node, String key) {
        if (node instanceof ConfigNode.Scalar s && !s.isNull()) {
            throw new ConfigException(s.origin(), key + ": '" + s.text() + "' is text, but a step is a map with its kind as the key; "
                    + "write it as a map: - " + asMap(s.text()));
        }
        MapReader m = MapReader.of(node, key);
        List<String> kinds = m.keys().stream().filter(KINDS::contains).toList();
        if (kinds.size() != 1) {
            String found = String.join(", ", m.keys());
            String hint = kinds.isEmpty() ? m.keys().stream().map(k -> Suggest.nearest(k, KINDS)).flatMap(Optional::stream)
                    .findFirst().map(s -> " (did you mean '" + s + "'?)").orElse("; a step is one of " + String.join(", ", KINDS))
                    : "; split it into one step each";
            throw new ConfigException(m.origin(), key + (kinds.isEmpty() ? ": unknown step with keys " + found : " has " + kinds.size()
                    + " kinds of step (" + String.join(", ", kinds) + ")") + hint);
        }
        String kind = kinds.getFirst();
        for (String responseKey : List.of("check", "capture", "expect")) {
            if (m.has(responseKey) && !kind.equals("request") && !(kind.equals("ws-await") && responseKey.equals("capture"))) {
                throw new ConfigException(m.keyOrigin(responseKey), m.key(responseKey) + ": a " + kind + " step has no response to "
                        + responseKey + "; put it on the request step whose response it is about");
            }
        }
        Common common = common(m, key);
        StepSpec step = switch (kind) {
            case "request" -> request(m, common);
            case "ws-open" -> new StepSpec.WsOpen(common, text(m, "ws-open"));
            case "ws-close" -> new StepSpec.WsClose(common, text(m, "ws-close"));
            case "ws-send" -> new StepSpec.WsSend(common, text(m, "ws-send"), body(m).orElseThrow(() -> new ConfigException(m.origin(),
                    key + ": ws-send needs json (a frame as a map) or text")));
            case "ws-await" -> new StepSpec.WsAwait(common, text(m, "ws-await"), pairs(m, "match"),
                    m.duration("timeout", Duration.ofSeconds(10)), captures(m, "capture"));
            case "pause" -> new StepSpec.Pause(common, PopulationBinder.think(m.node("pause").orElseThrow(), m.key("pause")));
            case "read" -> new StepSpec.Read(common, text(m, "read"));
            case "type" -> new StepSpec.Type(common, text(m, "type"), required(m, "as", "the variable that gets the typed text"));
            case "set" -> new StepSpec.Assign(common, pairs(m, "set"));
            case "remember" -> new StepSpec.Collect(common, StepSpec.Collect.Kind.REMEMBER, pairs(m, "remember"));
            case "forget" -> new StepSpec.Collect(common, StepSpec.Collect.Kind.FORGET, pairs(m, "forget"));
            case "publish" -> new StepSpec.Collect(common, StepSpec.Collect.Kind.PUBLISH, pairs(m, "publish"));
            case "pick" -> pick(m, common);
            case "instead" -> new StepSpec.Instead(common, text(m, "instead"));
            default -> new StepSpec.Group(common, steps(m.node("steps").orElseThrow(), m.key("steps")));
        };
        m.finish();
        return step;
    }

    /** A step written as text ({@code GET posts /feed}, {@code pause 2s}) as the map it was meant to be. */
    private static String asMap(String text) {
        String t = text.strip();
        int space = t.indexOf(' ');
        String first = space < 0 ? t : t.substring(0, space);
        String rest = space < 0 ? "" : t.substring(space + 1).strip();
        if (first.matches("GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS")) {
            return "request: " + t;
        }
        return Suggest.nearest(first, KINDS).filter(k -> !rest.isEmpty()).map(k -> k + ": " + rest)
                .orElse("request: GET posts /feed (a step is one of " + String.join(", ", KINDS) + ")");
    }

    private static Common common(MapReader m, String key) {
        List<Condition> when = m.node("if").map(n -> conditions(n, m.key("if"))).orElse(List.of());
        Optional<ScenarioSpec.Repeat> repeat = m.node("repeat").map(n -> {
            if (n instanceof ConfigNode.Scalar s) {
                int times = MapReader.toInt(s, m.key("repeat"), 0, 10_000);
                return new ScenarioSpec.Repeat(times, times);
            }
            MapReader r = MapReader.of(n, m.key("repeat"));
            int min = r.integer("min", 1, 0, 10_000);
            int max = r.integer("max", min, 0, 10_000);
            r.finish();
            if (max < min) {
                throw new ConfigException(r.origin(), m.key("repeat") + " needs min <= max");
            }
            return new ScenarioSpec.Repeat(min, max);
        });
        return new Common(when, repeat, m.origin());
    }

    /** {@code name}, {@code !name}, {@code {status: 404}}, {@code {chance: 0.25}}, or a list of those (all must hold). */
    private static List<Condition> conditions(ConfigNode n, String key) {
        List<Condition> out = new ArrayList<>();
        for (ConfigNode c : n instanceof ConfigNode.ListNode l ? l.items() : List.of(n)) {
            switch (c) {
                case ConfigNode.Scalar s -> {
                    String t = s.text().trim();
                    boolean negated = t.startsWith("!");
                    String name = negated ? t.substring(1).trim() : t;
                    if (!ScenarioSpec.NAME.matcher(name).matches()) {
                        throw new ConfigException(s.origin(), key + ": '" + t + "' is not a condition; write a variable name (set), "
                                + "!name (not set), {status: 404} or {chance: 0.25}");
                    }
                    out.add(new Condition.IsSet(new Text(name, s.origin()), negated));
                }
                case ConfigNode.MapNode map -> {
                    MapReader r = MapReader.of(map, key);
                    if (r.has("status") == r.has("chance")) {
                        throw new ConfigException(r.origin(), key + ": a condition map has status or chance (one of them)");
                    }
                    if (r.has("status")) {
                        out.add(new Condition.Status(statuses(r.node("status").orElseThrow(), r.key("status")), r.origin()));
                    } else {
                        out.add(new Condition.Chance(r.number("chance", 0, 0, 1), r.origin()));
                    }
                    r.finish();
                }
                case ConfigNode.ListNode l -> throw new ConfigException(l.origin(), key + ": a condition inside a list cannot be a list");
            }
        }
        return out;
    }

    private static StepSpec request(MapReader m, Common common) {
        Text line = text(m, "request");
        Optional<Text> endpoint = m.scalar("name").map(StepBinder::text);
        Set<Integer> expect = m.node("expect").map(n -> statuses(n, m.key("expect"))).orElse(Set.of());
        return new StepSpec.Request(common, line, endpoint, pairs(m, "query"), pairs(m, "headers"), body(m), m.bool("auth", false),
                m.bool("login", false), expect, captures(m, "capture"), checks(m, "check"));
    }

    /** The body keys: at most one of json, form, body (raw text) and file; {@code content-type} for raw text and files. */
    private static Optional<Body> body(MapReader m) {
        List<String> given = List.of("json", "form", "body", "text", "file").stream().filter(m::has).toList();
        Optional<String> type = m.string("content-type");
        if (given.size() > 1) {
            throw new ConfigException(m.origin(), m.key(given.get(1)) + ": a step has one body; keep one of " + String.join(", ", given));
        }
        m.node("json");
        m.node("form");
        m.node("body");
        m.node("text");
        m.node("file");
        if (given.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(switch (given.getFirst()) {
            case "json" -> new Body.Json(m.node("json").orElseThrow());
            case "form" -> new Body.Form(pairs(m, "form"));
            case "file" -> new Body.File(text(m, "file"), type);
            default -> new Body.Raw(text(m, given.getFirst()), type);
        });
    }

    /** {@code var: $.path} (a JSONPath), or {@code var: {json | header | regex: ..., group, optional}}. */
    static List<CaptureSpec> captures(MapReader parent, String key) {
        List<CaptureSpec> out = new ArrayList<>();
        MapReader c = parent.map(key);
        for (Map.Entry<String, ConfigNode> e : c.entries().entrySet()) {
            Text var = new Text(e.getKey(), c.keyOrigin(e.getKey()));
            if (e.getValue() instanceof ConfigNode.Scalar s) {
                if (!s.text().startsWith("$")) {
                    throw new ConfigException(s.origin(), c.key(e.getKey()) + ": '" + s.text() + "' is not a JSONPath (they start with $); "
                            + "for a header or a regular expression write {header: Location} or {regex: 'id=(\\\\d+)'}");
                }
                out.add(new CaptureSpec(var, CaptureFrom.JSON, text(s), Optional.empty(), 1, false, s.origin()));
                continue;
            }
            MapReader r = MapReader.of(e.getValue(), c.key(e.getKey()));
            Optional<Text> json = r.scalar("json").map(StepBinder::text);
            Optional<Text> header = r.scalar("header").map(StepBinder::text);
            Optional<Text> regex = r.scalar("regex").map(StepBinder::text);
            if (json.isPresent() == (header.isPresent() || regex.isPresent()) || json.isPresent() && regex.isPresent()) {
                throw new ConfigException(r.origin(), c.key(e.getKey()) + " takes json: PATH, or header: NAME, or regex: RE "
                        + "(with header: the expression runs on that header)");
            }
            CaptureFrom from = json.isPresent() ? CaptureFrom.JSON : header.isPresent() ? CaptureFrom.HEADER : CaptureFrom.BODY;
            Text expr = json.or(() -> header).orElseGet(regex::orElseThrow);
            Optional<Text> rx = from == CaptureFrom.HEADER ? regex : Optional.empty();
            out.add(new CaptureSpec(var, from, expr, rx, r.integer("group", 1, 0, 99), r.bool("optional", false), r.origin()));
            r.finish();
        }
        return out;
    }

    private static List<CheckSpec> checks(MapReader parent, String key) {
        List<CheckSpec> out = new ArrayList<>();
        Optional<ConfigNode> node = parent.node(key);
        if (node.isEmpty()) {
            return out;
        }
        List<ConfigNode> items = node.get() instanceof ConfigNode.ListNode l ? l.items() : List.of(node.get());
        for (int i = 0; i < items.size(); i++) {
            MapReader r = MapReader.of(items.get(i), parent.key(key) + "." + i);
            Optional<String> name = r.string("name");
            List<String> kinds = List.of("status", "json", "body-contains", "header", "under").stream().filter(r::has).toList();
            if (kinds.size() != 1) {
                throw new ConfigException(r.origin(), r.path() + ": a check is one of status, json, body-contains, header, under"
                        + (kinds.isEmpty() ? "" : "; found " + String.join(" and ", kinds)));
            }
            CheckKind kind = switch (kinds.getFirst()) {
                case "status" -> CheckKind.STATUS;
                case "json" -> CheckKind.JSON;
                case "body-contains" -> CheckKind.BODY_CONTAINS;
                case "header" -> CheckKind.HEADER;
                default -> CheckKind.UNDER;
            };
            Set<Integer> statuses = kind == CheckKind.STATUS ? statuses(r.node("status").orElseThrow(), r.key("status")) : Set.of();
            Optional<Text> subject = kind == CheckKind.STATUS || kind == CheckKind.UNDER ? Optional.empty()
                    : Optional.of(text(r, kinds.getFirst()));
            Optional<Duration> under = kind == CheckKind.UNDER ? r.duration("under") : Optional.empty();
            Optional<Text> equals = r.scalar("equals").map(StepBinder::text);
            Optional<Text> matches = r.scalar("matches").map(StepBinder::text);
            boolean exists = r.bool("exists", true);
            if ((equals.isPresent() || matches.isPresent() || !exists) && !(kind == CheckKind.JSON || kind == CheckKind.HEADER)) {
                throw new ConfigException(r.origin(), r.path() + ": equals, matches and exists go with json or header checks");
            }
            if (equals.isPresent() && matches.isPresent()) {
                throw new ConfigException(r.origin(), r.path() + ": give equals or matches, not both");
            }
            r.finish();
            out.add(new CheckSpec(name, kind, subject, statuses, equals, matches, exists, under, r.origin()));
        }
        return out;
    }

    private static StepSpec pick(MapReader m, Common common) {
        Text into = text(m, "pick");
        List<ScenarioSpec.Source> from = new ArrayList<>();
        ConfigNode f = m.node("from").orElseThrow(() -> new ConfigException(m.origin(), m.key("from")
                + " is missing: say where to pick from (a pool or a list variable, or a map of them with weights)"));
        switch (f) {
            case ConfigNode.Scalar s -> from.add(new ScenarioSpec.Source(text(s), 1));
            case ConfigNode.MapNode map -> {
                MapReader r = MapReader.of(map, m.key("from"));
                r.entries().forEach((name, w) -> {
                    if (!(w instanceof ConfigNode.Scalar ws)) {
                        throw new ConfigException(w.origin(), r.key(name) + " must be a weight (a number above 0)");
                    }
                    from.add(new ScenarioSpec.Source(new Text(name, r.keyOrigin(name)), MapReader.toDouble(ws, r.key(name), 1e-9, 1e9)));
                });
            }
            case ConfigNode.ListNode l -> l.items().forEach(i -> {
                if (!(i instanceof ConfigNode.Scalar s)) {
                    throw new ConfigException(i.origin(), m.key("from") + ": a list of names, or a map of names to weights");
                }
                from.add(new ScenarioSpec.Source(text(s), 1));
            });
        }
        String by = m.string("by", "uniform").toLowerCase(Locale.ROOT);
        ScenarioSpec.PickOrder order = switch (by) {
            case "uniform", "random" -> ScenarioSpec.PickOrder.UNIFORM;
            case "zipf" -> ScenarioSpec.PickOrder.ZIPF;
            case "newest" -> ScenarioSpec.PickOrder.NEWEST;
            case "oldest" -> ScenarioSpec.PickOrder.OLDEST;
            default -> throw new ConfigException(m.scalar("by").orElseThrow().origin(), m.key("by")
                    + " must be uniform, zipf, newest or oldest, got '" + by + "'");
        };
        double skew = m.number("skew", 1.0, 0, 5);
        return new StepSpec.Pick(common, into, from, order, skew, m.scalar("not").map(StepBinder::text), m.bool("remove", false),
                m.scalar("or").map(StepBinder::text), m.scalar("else").map(StepBinder::text));
    }

    /** A map of names to templates ({@code headers}, {@code query}, {@code set}, {@code remember}, ...), in order. */
    static List<Pair> pairs(MapReader parent, String key) {
        List<Pair> out = new ArrayList<>();
        MapReader r = parent.map(key);
        for (Map.Entry<String, ConfigNode> e : r.entries().entrySet()) {
            if (!(e.getValue() instanceof ConfigNode.Scalar s) || s.isNull()) {
                throw new ConfigException(e.getValue().origin(), r.key(e.getKey()) + " must be a single value (text, a number or a ${template})");
            }
            out.add(new Pair(new Text(e.getKey(), r.keyOrigin(e.getKey())), text(s)));
        }
        return out;
    }

    static Set<Integer> statuses(ConfigNode n, String key) {
        Set<Integer> out = new LinkedHashSet<>();
        for (ConfigNode i : n instanceof ConfigNode.ListNode l ? l.items() : List.of(n)) {
            if (!(i instanceof ConfigNode.Scalar s)) {
                throw new ConfigException(i.origin(), key + " must be a status or a list of statuses");
            }
            out.add(MapReader.toInt(s, key, 100, 599));
        }
        return out;
    }

    static Text text(MapReader m, String key) {
        return text(m.scalar(key).orElseThrow(() -> new ConfigException(m.origin(), m.key(key) + " needs a value")));
    }

    static Text required(MapReader m, String key, String what) {
        return m.scalar(key).map(StepBinder::text).orElseThrow(() -> new ConfigException(m.origin(), m.key(key) + " is missing: " + what));
    }

    static Text text(ConfigNode.Scalar s) {
        return new Text(s.text(), s.origin());
    }
}
