package dev.loadgen.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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

    /**
     * How long loadgen warms its own code against a sink of its own before the clock starts (cli.SelfWarm). Shorter left
     * the first seconds' p99 further from the target's (bench/startup.sh, docs/benchmarks.md#start-up).
     */
    static final Duration DEFAULT_SELF_WARM = Duration.ofSeconds(2);

    static RunConfig bind(ConfigNode.MapNode root, Function<String, String> env, LongSupplier randomSeed) {
        MapReader top = MapReader.of(root, "");
        moved(top, "world", "world: moved into the scenario: rooms are a pool, follows go by a pick's weights, and the message "
                + "timeout is sockets.<name>.track.timeout (see docs/scenarios.md and configs/demo-scenario.yaml)");
        moved(top, "endpoints", "endpoints: is gone: paths are in the scenario's steps; copy configs/demo-scenario.yaml, change "
                + "its paths and name it with scenario: FILE (docs/scenarios.md)");
        top.node("scenario");
        TargetConfig target = target(top.map("target"), env);
        MapReader loadSection = top.map("load");
        Optional<Instant> startAt = LoadBinder.startAt(loadSection, env);
        LoadProfile load = LoadBinder.bind(loadSection);
        List<String> warnings = new ArrayList<>();
        TlsBinder.insecureWarning(target).ifPresent(warnings::add);
        Population population = PopulationBinder.bind(top.map("users"), top.map("personas"), warnings::add);
        ScenarioSpec scenario = ScenarioBinder.bind(top);
        List<Threshold> thresholds = ThresholdBinder.bind(top, load.duration(), warnings::add);
        Optional<Path> baseline = ThresholdBinder.baseline(top, thresholds, warnings::add);
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
        Duration selfWarm = top.duration("self-warm", DEFAULT_SELF_WARM);
        if (selfWarm.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new ConfigException(top.scalar("self-warm").orElseThrow().origin(), "self-warm " + Values.format(selfWarm)
                    + " is longer than loadgen needs to warm its code (about 2s); give 0 to 60s, 0 to turn it off");
        }
        Duration warmUp = top.duration("warm-up", Duration.ZERO);
        if (!warmUp.isZero() && warmUp.compareTo(load.duration()) >= 0) {
            throw new ConfigException(top.scalar("warm-up").orElseThrow().origin(), "warm-up " + Values.format(warmUp)
                    + " leaves nothing of the load (" + Values.format(load.duration()) + ") to measure; the warm-up is the load's first "
                    + "part: make it shorter than --duration");
        }
        top.finish();
        return new RunConfig(target, load, population, scenario, thresholds, baseline, output, observe, dashboard, chaos, seed, selfWarm,
                warmUp, startAt, warnings);
    }

    private static void moved(MapReader top, String key, String message) {
        if (top.has(key)) {
            throw new ConfigException(top.keyOrigin(key), message);
        }
    }

    private static TargetConfig target(MapReader t, Function<String, String> env) {
        NetworkConfig network = NetworkBinder.read(t, NetworkConfig.DEFAULT);
        Map<String, String> hostOverrides = NetworkBinder.hosts(t);
        Map<String, URI> services = new LinkedHashMap<>();
        Map<String, NetworkConfig> networks = new LinkedHashMap<>();
        for (String name : TargetConfig.BUILT_IN) {
            t.node(name).ifPresent(n -> service(name, n, t.key(name), network, services, networks));
        }
        MapReader named = t.map("named");
        for (Map.Entry<String, ConfigNode> e : named.entries().entrySet()) {
            String name = e.getKey();
            if (TargetConfig.BUILT_IN.contains(name) || !name.matches("[a-z][a-z0-9-]*")) {
                throw new ConfigException(e.getValue().origin(), named.key(name)
                        + ": a named target is lower-case letters, digits and '-', other than auth/users/posts/chat");
            }
            service(name, e.getValue(), named.key(name), network, services, networks);
        }
        Set<String> allowed = new HashSet<>();
        for (ConfigNode n : t.list("allowed-hosts")) {
            if (!(n instanceof ConfigNode.Scalar s) || s.text().isBlank()) {
                throw new ConfigException(n.origin(), t.key("allowed-hosts") + " must be a list of host names");
            }
            allowed.add(s.text().trim().toLowerCase(Locale.ROOT));
        }
        NetworkBinder.checkHosts(t, hostOverrides, NetworkBinder.hostsOf(allowed, services.values()));
        Duration timeout = t.duration("timeout", Duration.ofSeconds(10));
        Duration connect = t.duration("connect-timeout", Duration.ofSeconds(5));
        Duration idle = t.duration("idle-timeout", Duration.ofSeconds(60));
        if (timeout.isZero() || connect.isZero() || idle.isZero()) {
            throw new ConfigException(t.origin(), "target.timeout, target.connect-timeout and target.idle-timeout must be above 0");
        }
        String connections = t.string("connections", "per-user").toLowerCase(Locale.ROOT);
        if (!connections.equals("per-user") && !connections.equals("shared")) {
            throw new ConfigException(t.scalar("connections").orElseThrow().origin(), t.key("connections")
                    + " must be per-user (each user its own connections, as a browser) or shared (one pool for all users)");
        }
        long maxBody = t.scalar("max-response-body").map(b -> Values.bytes(b.text(), b.origin(), t.key("max-response-body"), 1024,
                1024L * 1024 * 1024)).orElse((long) TargetConfig.DEFAULT_MAX_RESPONSE_BODY);
        t.finish();
        networks.replaceAll((name, own) -> ProxyEnvironment.resolve(own, env));
        return new TargetConfig(services, allowed, timeout, connect, idle, connections.equals("shared"), (int) maxBody,
                ProxyEnvironment.resolve(network, env), networks, hostOverrides);
    }

    /** A target: its base URL, or a map of its {@code url} and its own network settings over those for all targets. */
    private static void service(String name, ConfigNode node, String key, NetworkConfig network, Map<String, URI> services,
                                Map<String, NetworkConfig> networks) {
        if (node instanceof ConfigNode.Scalar s && !s.isNull()) {
            services.put(name, baseUrl(s, key));
            TlsBinder.checkTrust(network.tls(), services.get(name), s.origin(), key);
            return;
        }
        if (!(node instanceof ConfigNode.MapNode)) {
            throw new ConfigException(node.origin(), key + " must be a base URL like http://host:port, or a map {url: http://host:port, ...}");
        }
        MapReader m = MapReader.of(node, key);
        ConfigNode.Scalar url = m.scalar("url").orElseThrow(() -> new ConfigException(node.origin(),
                key + " has no url; write it like {url: https://host:port, http: 2}"));
        services.put(name, baseUrl(url, m.key("url")));
        NetworkConfig own = NetworkBinder.read(m, network);
        TlsBinder.checkTrust(own.tls(), services.get(name), url.origin(), m.key("url"));
        m.finish();
        if (!own.equals(network)) {
            networks.put(name, own);
        }
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
