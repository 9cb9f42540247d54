package dev.loadgen.metrics;

import dev.loadgen.config.ConfigException;
import dev.loadgen.config.ObservabilityConfig.MetricsEndpoint;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code /metrics} over HTTP, with the Prometheus client's own server: it negotiates the Prometheus text
 * or OpenMetrics format from the {@code Accept} header (only OpenMetrics carries exemplars). Two runs on
 * one machine are common, so the default port gives way to a free one; a port asked for explicitly does not.
 */
public final class MetricsServer implements AutoCloseable {
    private final HTTPServer server;
    private final String host;
    private final OptionalInt movedFrom;

    private MetricsServer(HTTPServer server, String host, OptionalInt movedFrom) {
        this.server = server;
        this.host = host;
        this.movedFrom = movedFrom;
    }

    /**
     * Starts serving the registry. Throws a {@link ConfigException} (one line) when the bind address is not
     * one of this machine's, or when an explicitly chosen port is taken.
     */
    public static MetricsServer start(MetricsEndpoint endpoint, PrometheusRegistry registry) {
        InetAddress address;
        try {
            address = InetAddress.getByName(endpoint.bind());
        } catch (UnknownHostException e) {
            throw new ConfigException("observe.metrics-bind: '" + endpoint.bind() + "' is not a known address; use 127.0.0.1, 0.0.0.0 or an address of this machine");
        }
        try {
            return new MetricsServer(bind(address, endpoint.port(), registry), endpoint.bind(), OptionalInt.empty());
        } catch (BindException e) {
            if (!String.valueOf(e.getMessage()).contains("in use")) {
                throw new ConfigException("observe.metrics-bind: cannot listen on " + endpoint.bind() + " (" + e.getMessage()
                        + "); use 127.0.0.1, 0.0.0.0 or an address of this machine");
            }
            if (!endpoint.fallback()) {
                throw new ConfigException("observe.metrics-port (--metrics-port): port " + endpoint.port() + " on " + endpoint.bind()
                        + " is taken (another run?); choose another port, auto, or 0 to turn the metrics endpoint off");
            }
            try {
                return new MetricsServer(bind(address, 0, registry), endpoint.bind(), OptionalInt.of(endpoint.port()));
            } catch (IOException again) {
                throw new ConfigException("observe.metrics-port: no free port on " + endpoint.bind() + " (" + again.getMessage() + ")");
            }
        } catch (IOException e) {
            throw new ConfigException("observe.metrics-port: cannot serve metrics on " + endpoint.bind() + ":" + endpoint.port() + " (" + e.getMessage() + ")");
        }
    }

    private static HTTPServer bind(InetAddress address, int port, PrometheusRegistry registry) throws IOException {
        // a scrape is rare and short: a virtual thread each, no pool to size (the server shuts it down on close)
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            return HTTPServer.builder().inetAddress(address).port(port).registry(registry).executorService(executor).buildAndStart();
        } catch (IOException | RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
    }

    public int port() {
        return server.getPort();
    }

    public String url() {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/metrics";
    }

    /** The default port this server gave way from, when it was taken. */
    public OptionalInt movedFrom() {
        return movedFrom;
    }

    @Override
    public void close() {
        server.close();
    }
}
