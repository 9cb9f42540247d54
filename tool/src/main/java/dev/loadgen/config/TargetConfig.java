package dev.loadgen.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The system under test: base URLs of the named services ({@code auth}, {@code users}, {@code posts},
 * {@code chat} and any the user names under {@code target.named}), the hosts loadgen may send to, the
 * timeouts (a request's, a connection's to open, an unused connection's before it is closed), whether
 * each user holds its own connections (as a browser does) or all share one pool, and how much of a response body
 * is kept for the scenario's captures and checks ({@code maxResponseBodyBytes}; bodies nothing reads are not kept), how each target
 * is reached ({@code network} for all, {@code networks} for the targets that have settings of their own: TLS, HTTP version, proxy,
 * compression, redirects) and the host names that resolve to a given address ({@code hostOverrides}, {@code target.hosts}).
 */
public record TargetConfig(Map<String, URI> services, Set<String> allowedHosts, Duration timeout,
                           Duration connectTimeout, Duration idleTimeout, boolean sharedConnections, int maxResponseBodyBytes,
                           NetworkConfig network, Map<String, NetworkConfig> networks, Map<String, String> hostOverrides) {
    public static final List<String> BUILT_IN = List.of("auth", "users", "posts", "chat");
    /** A few MB: more than an API response a scenario checks, little enough that a few hundred users can hold one each. */
    public static final int DEFAULT_MAX_RESPONSE_BODY = 4 * 1024 * 1024;

    public TargetConfig {
        // in the order written, so that what is said of the targets (the console's start lines) reads as the config does
        services = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(services));
        allowedHosts = Set.copyOf(allowedHosts);
        networks = Map.copyOf(networks);
        hostOverrides = Map.copyOf(hostOverrides);
    }

    /** The network settings of the target {@code service}: its own, or those for all. */
    public NetworkConfig network(String service) {
        return networks.getOrDefault(service, network);
    }

    public Optional<URI> service(String name) {
        return Optional.ofNullable(services.get(name));
    }

    /** True when none of the four built-in services is configured: the embedded demo app is the target. */
    public boolean noBuiltInTarget() {
        return BUILT_IN.stream().noneMatch(services::containsKey);
    }

    public TargetConfig withServices(Map<String, URI> s) {
        return new TargetConfig(s, allowedHosts, timeout, connectTimeout, idleTimeout, sharedConnections, maxResponseBodyBytes, network, networks,
                hostOverrides);
    }
}
