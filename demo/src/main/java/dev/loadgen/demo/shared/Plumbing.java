package dev.loadgen.demo.shared;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * What one service's routes share: its metrics, tracing, fault headers, token verifier, the
 * client for its dependencies and the clock. Made before the routes (stores count evictions
 * in the metrics), closed after the server.
 */
public final class Plumbing implements AutoCloseable {
    private final String service;
    private final ServiceMetrics metrics;
    private final ServiceTracing tracing;
    private final FaultHeaders faults;
    private final Optional<AccessTokens> tokens;
    private final ServiceClient client;
    private final Clock clock;

    /**
     * @param tokens the token verifier; empty for a service that checks no tokens itself (chat
     *     asks auth instead)
     */
    public Plumbing(String service, TraceExport export, boolean faultHeaders, Optional<AccessTokens> tokens,
            Duration dependencyTimeout, Clock clock) {
        this.service = service;
        this.metrics = new ServiceMetrics();
        this.tracing = new ServiceTracing(service, export);
        this.faults = new FaultHeaders(faultHeaders, metrics);
        this.tokens = tokens;
        this.client = new ServiceClient(service, dependencyTimeout, tracing, metrics);
        this.clock = clock;
    }

    public String service() {
        return service;
    }

    public ServiceMetrics metrics() {
        return metrics;
    }

    public ServiceTracing tracing() {
        return tracing;
    }

    public FaultHeaders faults() {
        return faults;
    }

    public Optional<AccessTokens> tokens() {
        return tokens;
    }

    public AccessTokens requireTokens() {
        return tokens.orElseThrow(() -> new IllegalStateException(service + " was built without a JWT secret"));
    }

    public ServiceClient client() {
        return client;
    }

    public Clock clock() {
        return clock;
    }

    @Override
    public void close() {
        client.close();
        tracing.close();
    }
}
