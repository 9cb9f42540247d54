package dev.loadgen.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;

/** Reads the merged configuration tree into a {@link RunConfig}, rejecting unknown keys and bad values. */
final class ConfigBinder {
    private ConfigBinder() {}

    static RunConfig bind(ConfigNode.MapNode root, Function<String, String> env, LongSupplier randomSeed) {
        MapReader top = MapReader.of(root, "");
        TargetConfig target = target(top.map("target"), top.map("endpoints"));
        LoadProfile load = LoadBinder.bind(top.map("load"));
        List<String> warnings = new ArrayList<>();
        Population population = PopulationBinder.bind(top.map("users"), top.map("personas"), top.map("world"), warnings::add);
        List<RequestSpec> requests = requests(top.list("requests"), target);
        List<Threshold> thresholds = new ArrayList<>();
        for (ConfigNode n : top.list("thresholds")) {
            if (!(n instanceof ConfigNode.Scalar s)) {
                throw new ConfigException(n.origin(), "thresholds must be a list of expressions like 'posts.p95 < 300ms', found " + n.describe());
            }
            thresholds.add(Threshold.parse(s.text(), s.origin()));
        }
        OutputConfig output = output(top.map("output"));
        ObservabilityConfig observe = ObserveBinder.bind(top.map("observe"), env);
        Set<String> serviceNames = new HashSet<>(TargetConfig.BUILT_IN);
        serviceNames.addAll(target.services().keySet());
        serviceNames.add("http");
        ChaosConfig chaos = ChaosBinder.bind(top.map("chaos"), serviceNames);
        DashboardConfig dashboard = DashboardBinder.bind(top.map("dashboard"));
        long seed = top.scalar("seed").map(s -> {
            try {
                return Long.parseLong(s.text().trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(s.origin(), "seed must be a whole number, got '" + s.text() + "'");
            }
        }).orElseGet(randomSeed::getAsLong);
        top.finish();
        return new RunConfig(target, load, population, requests, thresholds, output, observe, dashboard, chaos, seed, warnings);
    }

    private static TargetConfig target(MapReader t, MapReader endpoints) {
        Map<String, URI> services = new LinkedHashMap<>();
        for (String name : TargetConfig.BUILT_IN) {
            t.scalar(name).ifPresent(s -> services.put(name, baseUrl(s, t.key(name))));
        }
        MapReader named = t.map("named");
        for (Map.Entry<String, ConfigNode> e : named.entries().entrySet()) {
            String name = e.getKey();
            if (TargetConfig.BUILT_IN.contains(name) || !name.matches("[a-z][a-z0-9-]*")) {
                throw new ConfigException(e.getValue().origin(), named.key(name)
                        + ": a named target is lower-case letters, digits and '-', other than auth/users/posts/chat");
            }
            if (!(e.getValue() instanceof ConfigNode.Scalar s) || s.isNull()) {
                throw new ConfigException(e.getValue().origin(), named.key(name) + " must be a base URL like http://host:port");
            }
            services.put(name, baseUrl(s, named.key(name)));
        }
        Set<String> allowed = new HashSet<>();
        for (ConfigNode n : t.list("allowed-hosts")) {
            if (!(n instanceof ConfigNode.Scalar s) || s.text().isBlank()) {
                throw new ConfigException(n.origin(), t.key("allowed-hosts") + " must be a list of host names");
            }
            allowed.add(s.text().trim().toLowerCase(Locale.ROOT));
        }
        Duration timeout = t.duration("timeout", Duration.ofSeconds(10));
        Duration connect = t.duration("connect-timeout", Duration.ofSeconds(5));
        if (timeout.isZero() || connect.isZero()) {
            throw new ConfigException(t.origin(), "target.timeout and target.connect-timeout must be above 0");
        }
        t.finish();
        List<TargetConfig.PathOverride> paths = new ArrayList<>();
        for (Map.Entry<String, ConfigNode> svc : endpoints.entries().entrySet()) {
            MapReader actions = MapReader.of(svc.getValue(), endpoints.key(svc.getKey()));
            for (Map.Entry<String, ConfigNode> a : actions.entries().entrySet()) {
                if (!(a.getValue() instanceof ConfigNode.Scalar s) || !s.text().startsWith("/")) {
                    throw new ConfigException(a.getValue().origin(), actions.key(a.getKey())
                            + " must be a path starting with '/', like /api/posts/{id}");
                }
                paths.add(new TargetConfig.PathOverride(svc.getKey() + "." + a.getKey(), s.text(), s.origin()));
            }
        }
        return new TargetConfig(services, allowed, timeout, connect, paths);
    }

    static URI baseUrl(ConfigNode.Scalar s, String key) {
        URI uri;
        try {
            uri = URI.create(s.text().trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(s.origin(), key + ": '" + s.text() + "' is not a URL; write it like http://127.0.0.1:8083");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new ConfigException(s.origin(), key + ": '" + s.text() + "' is not an http(s) URL; write it like http://127.0.0.1:8083");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new ConfigException(s.origin(), key + ": a base URL has no query or fragment; remove it from '" + s.text() + "'");
        }
        String text = uri.toString();
        return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }

    private static List<RequestSpec> requests(List<ConfigNode> nodes, TargetConfig target) {
        List<RequestSpec> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
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
            Optional<String> url = r.string("url");
            Optional<String> path = r.string("path");
            Optional<String> service = r.string("service");
            if (url.isPresent() == path.isPresent()) {
                throw new ConfigException(r.origin(), "request '" + name + "' needs either url (a full URL) or path (with service); not both");
            }
            if (path.isPresent()) {
                String svc = service.orElseThrow(() -> new ConfigException(r.origin(), "request '" + name + "' has a path but no service; add service: posts (or a target.named entry)"));
                if (!TargetConfig.BUILT_IN.contains(svc) && target.service(svc).isEmpty()) {
                    throw new ConfigException(r.scalar("service").orElseThrow().origin(), r.key("service") + ": no target named '" + svc
                            + "'; use auth, users, posts, chat or add it under target.named");
                }
                if (!path.get().startsWith("/")) {
                    throw new ConfigException(r.scalar("path").orElseThrow().origin(), r.key("path") + " must start with '/'");
                }
            } else if (service.isPresent()) {
                throw new ConfigException(r.scalar("service").orElseThrow().origin(), "request '" + name + "' has a full url; remove service");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            MapReader h = r.map("headers");
            for (Map.Entry<String, ConfigNode> e : h.entries().entrySet()) {
                if (!(e.getValue() instanceof ConfigNode.Scalar s)) {
                    throw new ConfigException(e.getValue().origin(), h.key(e.getKey()) + " must be a single value");
                }
                headers.put(e.getKey(), s.text());
            }
            Set<Integer> expect = new HashSet<>();
            Optional<ConfigNode> ex = r.node("expect");
            if (ex.isPresent()) {
                List<ConfigNode> items = ex.get() instanceof ConfigNode.ListNode l ? l.items() : List.of(ex.get());
                for (ConfigNode n : items) {
                    if (!(n instanceof ConfigNode.Scalar s)) {
                        throw new ConfigException(n.origin(), r.key("expect") + " must be a status or a list of statuses");
                    }
                    expect.add(MapReader.toInt(s, r.key("expect"), 100, 599));
                }
            }
            Optional<String> body = r.string("body");
            r.finish();
            out.add(new RequestSpec(name, method, service, url.orElseGet(path::get), headers, body, expect, r.origin()));
        }
        return out;
    }

    private static OutputConfig output(MapReader o) {
        Optional<Path> dir = o.string("dir").map(Path::of);
        boolean quiet = o.bool("quiet", false);
        Duration every = o.duration("progress-interval", Duration.ofSeconds(10));
        if (every.isZero()) {
            throw new ConfigException(o.origin(), o.key("progress-interval") + " must be above 0");
        }
        o.finish();
        return new OutputConfig(dir, quiet, every);
    }
}
