package dev.loadgen.config;

import dev.loadgen.config.ScenarioSpec.ActionSpec;
import dev.loadgen.config.ScenarioSpec.AuthSpec;
import dev.loadgen.config.ScenarioSpec.DataSpec;
import dev.loadgen.config.ScenarioSpec.Pair;
import dev.loadgen.config.ScenarioSpec.PoolSpec;
import dev.loadgen.config.ScenarioSpec.SocketSpec;
import dev.loadgen.config.ScenarioSpec.StepSpec;
import dev.loadgen.config.ScenarioSpec.Text;
import dev.loadgen.config.ScenarioSpec.VariableSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the scenario sections of the config tree ({@code actions}, {@code auth}, {@code variables},
 * {@code pools}, {@code data}, {@code sockets}, and the older {@code requests}) into a {@link ScenarioSpec}.
 * Names are checked here; what names refer to (variables, actions, pools) is checked when the behaviour layer
 * compiles the scenario, which knows them all.
 */
final class ScenarioBinder {
    private ScenarioBinder() {}

    static ScenarioSpec bind(MapReader top) {
        Map<String, ActionSpec> actions = new LinkedHashMap<>();
        MapReader a = top.map("actions");
        for (Map.Entry<String, ConfigNode> e : a.entries().entrySet()) {
            name(e.getKey(), a.keyOrigin(e.getKey()), "actions");
            actions.put(e.getKey(), new ActionSpec(e.getKey(), StepBinder.steps(e.getValue(), a.key(e.getKey())), a.keyOrigin(e.getKey())));
        }
        for (ActionSpec r : requests(top.list("requests"))) {
            if (actions.put(r.name(), r) != null) {
                throw new ConfigException(r.origin(), "request '" + r.name() + "' has the name of an action; rename one");
            }
        }
        Map<String, VariableSpec> variables = new LinkedHashMap<>();
        MapReader v = top.map("variables");
        for (Map.Entry<String, ConfigNode> e : v.entries().entrySet()) {
            MapReader r = MapReader.of(e.getValue(), v.key(e.getKey()));
            String scope = r.string("scope", "user").toLowerCase(Locale.ROOT);
            if (!scope.equals("user") && !scope.equals("session")) {
                throw new ConfigException(r.scalar("scope").orElseThrow().origin(), r.key("scope") + " must be user or session");
            }
            variables.put(name(e.getKey(), v.keyOrigin(e.getKey()), "variables"),
                    new VariableSpec(e.getKey(), r.integer("list", 0, 0, 1_000_000), scope.equals("session"), r.origin()));
            r.finish();
        }
        Map<String, PoolSpec> pools = new LinkedHashMap<>();
        MapReader p = top.map("pools");
        for (Map.Entry<String, ConfigNode> e : p.entries().entrySet()) {
            pools.put(name(e.getKey(), p.keyOrigin(e.getKey()), "pools"), pool(e.getKey(), MapReader.of(e.getValue(), p.key(e.getKey()))));
        }
        Map<String, DataSpec> data = new LinkedHashMap<>();
        MapReader d = top.map("data");
        for (Map.Entry<String, ConfigNode> e : d.entries().entrySet()) {
            MapReader r = MapReader.of(e.getValue(), d.key(e.getKey()));
            String order = r.string("order", "circular").toLowerCase(Locale.ROOT);
            ScenarioSpec.Order o = switch (order) {
                case "unique" -> ScenarioSpec.Order.UNIQUE;
                case "circular" -> ScenarioSpec.Order.CIRCULAR;
                case "random" -> ScenarioSpec.Order.RANDOM;
                default -> throw new ConfigException(r.scalar("order").orElseThrow().origin(), r.key("order")
                        + " must be unique (each row to one user or session), circular or random, got '" + order + "'");
            };
            String per = r.string("per", "user").toLowerCase(Locale.ROOT);
            if (!per.equals("user") && !per.equals("session")) {
                throw new ConfigException(r.scalar("per").orElseThrow().origin(), r.key("per") + " must be user or session");
            }
            data.put(name(e.getKey(), d.keyOrigin(e.getKey()), "data"), new DataSpec(e.getKey(),
                    StepBinder.required(r, "file", "the CSV (with a header row) or JSON (an array of objects) file"), o, per.equals("session"),
                    r.origin()));
            r.finish();
        }
        Map<String, SocketSpec> sockets = new LinkedHashMap<>();
        MapReader s = top.map("sockets");
        for (Map.Entry<String, ConfigNode> e : s.entries().entrySet()) {
            sockets.put(name(e.getKey(), s.keyOrigin(e.getKey()), "sockets"), socket(e.getKey(), MapReader.of(e.getValue(), s.key(e.getKey()))));
        }
        Optional<AuthSpec> auth = top.has("auth") ? Optional.of(auth(top.map("auth"))) : Optional.empty();
        top.node("auth");
        return new ScenarioSpec(actions, auth, data, pools, sockets, variables);
    }

    private static String name(String name, Origin origin, String section) {
        if (!ScenarioSpec.NAME.matcher(name).matches()) {
            throw new ConfigException(origin, section + "." + name + ": a name is letters, digits, '_', '-' and '.', starting with a letter or '_'");
        }
        return name;
    }

    private static PoolSpec pool(String name, MapReader r) {
        List<String> values = new ArrayList<>();
        if (r.has("values")) {
            for (ConfigNode n : r.list("values")) {
                if (!(n instanceof ConfigNode.Scalar sc)) {
                    throw new ConfigException(n.origin(), r.key("values") + " must be a list of values");
                }
                values.add(fixed(sc, r.key("values"), Optional.empty()));
            }
        }
        if (r.has("count")) {
            int count = r.integer("count", 0, 1, 1_000_000);
            ConfigNode.Scalar pattern = r.scalar("value").orElseThrow(() -> new ConfigException(r.origin(), r.key("value")
                    + " is missing: with count, say what each value is, like room-${n}"));
            for (int n = 1; n <= count; n++) {
                values.add(fixed(pattern, r.key("value"), Optional.of(n)));
            }
        } else {
            r.node("value");
        }
        int size = r.integer("size", values.isEmpty() ? 10_000 : values.size(), 1, 10_000_000);
        if (!values.isEmpty() && r.has("size")) {
            throw new ConfigException(r.origin(), r.path() + ": a pool of fixed values has no size; remove size or the values");
        }
        r.finish();
        return new PoolSpec(name, size, values, r.origin());
    }

    /**
     * A pool's value as written. Pools hold fixed text shared by every user, so unlike the other scenario
     * sections they have no templates: {@code $${} is a literal {@code ${}, and with {@code count} the value's
     * {@code ${n}} is the number; any other {@code ${...}} is an error rather than a value kept as typed.
     */
    private static String fixed(ConfigNode.Scalar s, String key, Optional<Integer> n) {
        String t = s.text();
        StringBuilder out = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); ) {
            if (t.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (n.isPresent() && t.startsWith("${n}", i)) {
                out.append(n.get());
                i += 4;
            } else if (t.startsWith("${", i)) {
                throw new ConfigException(s.origin(), key + ": '" + t + "' has a ${...}" + (n.isPresent() ? " other than ${n}" : "")
                        + ", but a pool's values are shared by every user, not templates; " + (n.isPresent()
                        ? "write it like room-${n} (${n} is the number from 1 to count; $${ is a literal ${)"
                        : "write the value itself (or $${ for a literal ${)"));
            } else {
                out.append(t.charAt(i++));
            }
        }
        return out.toString();
    }

    private static SocketSpec socket(String name, MapReader r) {
        Text url = StepBinder.required(r, "url", "where the socket connects: a target and a path (chat /chat/ws), or a ws:// URL");
        String keep = r.string("keep", "action").toLowerCase(Locale.ROOT);
        if (!keep.equals("action") && !keep.equals("session")) {
            throw new ConfigException(r.scalar("keep").orElseThrow().origin(), r.key("keep")
                    + " must be action (closed when the action ends) or session (open until the session ends)");
        }
        MapReader b = r.map("backoff");
        Duration min = b.duration("min", Duration.ofMillis(500));
        Duration max = b.duration("max", Duration.ofSeconds(30));
        b.finish();
        if (min.isZero() || max.compareTo(min) < 0) {
            throw new ConfigException(b.origin(), r.key("backoff") + " needs 0 < min <= max");
        }
        Optional<ScenarioSpec.TrackSpec> track = Optional.empty();
        if (r.has("track")) {
            MapReader t = r.map("track");
            Duration timeout = t.duration("timeout", Duration.ofSeconds(10));
            if (timeout.isZero()) {
                throw new ConfigException(t.origin(), t.key("timeout") + " must be above 0");
            }
            track = Optional.of(new ScenarioSpec.TrackSpec(StepBinder.required(t, "id", "the field that carries a message's id").value(),
                    StepBinder.required(t, "group", "the field that names the group (room) a message goes to").value(),
                    StepBinder.pairs(t, "joined"), t.node("leave"), timeout));
            t.finish();
        } else {
            r.node("track");
        }
        SocketSpec spec = new SocketSpec(name, url, r.scalar("name").map(StepBinder::text), StepBinder.pairs(r, "headers"),
                StepBinder.pairs(r, "query"), r.bool("auth", false), keep.equals("session"), r.string("type", "type"), min, max, track, r.origin());
        r.finish();
        return spec;
    }

    private static AuthSpec auth(MapReader r) {
        Text login = StepBinder.required(r, "login", "the action that logs a user in");
        Duration before = Duration.ofSeconds(10);
        Optional<Text> refresh = Optional.empty();
        if (r.has("refresh")) {
            MapReader f = r.map("refresh");
            refresh = Optional.of(StepBinder.required(f, "action", "the action that refreshes the token"));
            before = f.duration("before", before);
            f.finish();
        } else {
            r.node("refresh");
        }
        Set<Integer> relogin = r.node("relogin-on").map(n -> StepBinder.statuses(n, r.key("relogin-on"))).orElse(Set.of(401));
        AuthSpec spec = new AuthSpec(StepBinder.pairs(r, "account"), r.scalar("register").map(StepBinder::text), login,
                r.scalar("token").map(StepBinder::text), StepBinder.pairs(r, "headers"), r.scalar("expires-in").map(StepBinder::text),
                r.bool("jwt-expiry", false), refresh, before, r.scalar("logout").map(StepBinder::text), relogin, r.origin());
        r.finish();
        return spec;
    }

    /**
     * The older {@code requests:} list: each request becomes the one-step action {@code http.<name>}, with a full
     * {@code url}, or a {@code path} on a {@code service}.
     */
    private static List<ActionSpec> requests(List<ConfigNode> nodes) {
        List<ActionSpec> out = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            MapReader r = MapReader.of(nodes.get(i), "requests." + i);
            String name = r.string("name").orElseThrow(() -> new ConfigException(r.origin(), r.key("name") + " is missing; every request needs a name"));
            if (!name.matches("[A-Za-z0-9_-]+") || !names.add(name)) {
                throw new ConfigException(r.scalar("name").orElseThrow().origin(), r.key("name")
                        + ": '" + name + "' must be unique and made of letters, digits, '_' and '-'");
            }
            String method = r.string("method", "GET").toUpperCase(Locale.ROOT);
            if (!method.matches("GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS")) {
                throw new ConfigException(r.scalar("method").orElseThrow().origin(), r.key("method") + " must be GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS");
            }
            Optional<ConfigNode.Scalar> url = r.scalar("url");
            Optional<ConfigNode.Scalar> path = r.scalar("path");
            Optional<String> service = r.string("service");
            if (url.isPresent() == path.isPresent()) {
                throw new ConfigException(r.origin(), "request '" + name + "' needs either url (a full URL) or path (with service); not both");
            }
            Text line;
            if (path.isPresent()) {
                String svc = service.orElseThrow(() -> new ConfigException(r.origin(), "request '" + name
                        + "' has a path but no service; add service: posts (or a target.named entry)"));
                if (!path.get().text().startsWith("/")) {
                    throw new ConfigException(path.get().origin(), r.key("path") + " must start with '/'");
                }
                line = new Text(method + " " + svc + " " + path.get().text(), path.get().origin());
            } else {
                if (service.isPresent()) {
                    throw new ConfigException(r.scalar("service").orElseThrow().origin(), "request '" + name + "' has a full url; remove service");
                }
                line = new Text(method + " " + url.get().text(), url.get().origin());
            }
            Set<Integer> expect = r.node("expect").map(n -> StepBinder.statuses(n, r.key("expect"))).orElse(Set.of());
            Optional<ScenarioSpec.Body> body = r.scalar("body").map(b -> new ScenarioSpec.Body.Raw(StepBinder.text(b), Optional.of("application/json")));
            List<Pair> headers = StepBinder.pairs(r, "headers");
            ScenarioSpec.Common common = new ScenarioSpec.Common(List.of(), Optional.empty(), r.origin());
            r.finish();
            StepSpec step = new StepSpec.Request(common, line, Optional.empty(), List.of(), headers, body, false, false, expect, List.of(), List.of());
            out.add(new ActionSpec("http." + name, List.of(step), r.origin()));
        }
        return out;
    }
}
