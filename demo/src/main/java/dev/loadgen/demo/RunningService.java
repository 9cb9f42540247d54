package dev.loadgen.demo;

import dev.loadgen.demo.shared.HttpServer;
import dev.loadgen.demo.shared.Plumbing;
import dev.loadgen.demo.shared.ServedCount;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** One started demo service: where it listens and what it has served. Closing stops it. */
public final class RunningService implements AutoCloseable {
    private final ServiceName name;
    private final HttpServer server;
    private final Plumbing plumbing;
    private final Supplier<Map<String, Integer>> storeSizes;

    RunningService(ServiceName name, HttpServer server, Plumbing plumbing, Supplier<Map<String, Integer>> storeSizes) {
        this.name = name;
        this.server = server;
        this.plumbing = plumbing;
        this.storeSizes = storeSizes;
    }

    public ServiceName name() {
        return name;
    }

    /** {@code http://host:port}, with no trailing slash. */
    public URI url() {
        return server.url();
    }

    public int port() {
        return server.port();
    }

    /**
     * Requests answered so far per (method, route template, status), read from the service's
     * own {@code http_server_requests_seconds} histogram. A WebSocket handshake is
     * {@code GET /chat/ws 101}; unknown paths are route {@code unmatched}.
     */
    public List<ServedCount> served() {
        return plumbing.metrics().served();
    }

    /** The count for one (method, route, status); 0 when there was none. */
    public long served(String method, String route, int status) {
        return served().stream()
                .filter(c -> c.method().equals(method) && c.route().equals(route) && c.status() == status)
                .mapToLong(ServedCount::count).sum();
    }

    /** The Prometheus text this service serves on {@code /metrics}. */
    public String metricsText() {
        return new String(plumbing.metrics().scrape(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Entries dropped so far from one bounded store (the {@code store} label of demo_evictions_total). */
    public long evictions(String store) {
        return plumbing.metrics().evictions(store);
    }

    /** How many entries each bounded store of this service holds now. */
    public Map<String, Integer> storeSizes() {
        return storeSizes.get();
    }

    /** Fault headers ignored so far because of a bad value, by header name. */
    public long faultHeadersIgnored(String header) {
        return plumbing.metrics().faultsIgnored(header);
    }

    /** Exports the spans ended so far (the batch processor otherwise sends them within a second). */
    public void flushTraces() {
        plumbing.tracing().flush();
    }

    @Override
    public void close() {
        server.close();
        plumbing.close();
    }
}
