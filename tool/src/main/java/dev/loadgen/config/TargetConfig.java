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
 * timeouts (a request's, a connection's to open, an unused connection's before it is closed), and whether
 * each user holds its own connections (as a browser does) or all share one pool.
 */
public record TargetConfig(Map<String, URI> services, Set<String> allowedHosts, Duration timeout,
                           Duration connectTimeout, Duration idleTimeout, boolean sharedConnections) {
    public static final List<String> BUILT_IN = List.of("auth", "users", "posts", "chat");

    public TargetConfig {
        services = Map.copyOf(services);
        allowedHosts = Set.copyOf(allowedHosts);
    }

    public Optional<URI> service(String name) {
        return Optional.ofNullable(services.get(name));
    }

    /** True when none of the four built-in services is configured: the embedded demo app is the target. */
    public boolean noBuiltInTarget() {
        return BUILT_IN.stream().noneMatch(services::containsKey);
    }

    public TargetConfig withServices(Map<String, URI> s) {
        return new TargetConfig(s, allowedHosts, timeout, connectTimeout, idleTimeout, sharedConnections);
    }
}
