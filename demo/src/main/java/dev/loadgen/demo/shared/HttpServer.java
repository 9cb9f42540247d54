package dev.loadgen.demo.shared;

import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.VirtualThreadPool;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * One service's Jetty 12 server (core API, no servlets) on its own port.
 *
 * <p>Threads: a small platform-thread pool runs the selector and the non-blocking work, and its
 * virtual-threads executor (a {@link VirtualThreadPool}) runs every blocking handler, which is
 * all of ours: the layout the Jetty 12 programming guide recommends, so a route that sleeps
 * (fault delay) or waits on another service costs a virtual thread, not a pool slot.
 */
public final class HttpServer implements AutoCloseable {
    private static final Duration DRAIN = Duration.ofSeconds(2);
    private final Server server;
    private final ServerConnector connector;
    private final GracefulHandler graceful;
    private final String service;

    private HttpServer(String service, Server server, ServerConnector connector, GracefulHandler graceful) {
        this.service = service;
        this.server = server;
        this.connector = connector;
        this.graceful = graceful;
    }

    /** Everything a service needs to be served. */
    public record Spec(String host, int port, Router router, Plumbing plumbing, boolean webSocket) {}

    public static HttpServer start(Spec spec) throws IOException {
        String service = spec.plumbing().service();
        QueuedThreadPool pool = new QueuedThreadPool(64, 4);
        pool.setName(service);
        VirtualThreadPool virtualThreads = new VirtualThreadPool();
        virtualThreads.setName(service + "-vt");
        pool.setVirtualThreadsExecutor(virtualThreads);
        Server server = new Server(pool);
        // No graceful stop in Jetty itself: it would wait for idle keep-alive connections to go
        // away. close() drains the requests in flight through the GracefulHandler instead.
        server.setStopTimeout(0);
        server.setErrorHandler(new JsonErrors());
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(spec.host());
        connector.setPort(spec.port());
        connector.setAcceptQueueSize(1024);
        connector.setIdleTimeout(Duration.ofMinutes(2).toMillis());
        server.addConnector(connector);
        Router router = spec.router();
        router.plumbing("/health", ex -> Reply.ok(Map.of("status", "up", "service", service)));
        router.plumbing("/metrics", ex -> Reply.bytes(200, spec.plumbing().metrics().contentType(),
                spec.plumbing().metrics().scrape()));
        GracefulHandler graceful = new GracefulHandler(new RequestHandler(router, spec.plumbing()));
        server.setHandler(graceful);
        if (spec.webSocket()) {
            ServerWebSocketContainer ws = ServerWebSocketContainer.ensure(server);
            ws.setMaxTextMessageSize(Limits.MAX_BODY_BYTES);
            ws.setMaxBinaryMessageSize(1024);
            ws.setIdleTimeout(Duration.ofMinutes(10));
        }
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            if (e instanceof IOException io && (io instanceof BindException || io.getCause() instanceof BindException)) {
                throw new BindException(service + ": cannot listen on " + spec.host() + ":" + spec.port()
                        + " (" + io.getMessage() + ")");
            }
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException(service + ": cannot start: " + e.getMessage(), e);
        }
        return new HttpServer(service, server, connector, graceful);
    }

    public int port() {
        return connector.getLocalPort();
    }

    public String service() {
        return service;
    }

    /** {@code http://host:port} as a client reaches it; a wildcard bind is reached on loopback. */
    public URI url() {
        String host = connector.getHost();
        if (host == null || host.equals("0.0.0.0") || host.equals("::")) {
            host = "127.0.0.1";
        }
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
    }

    /**
     * Stops: new requests get 503 while those in flight finish (at most {@link #DRAIN}), then the
     * connections, WebSockets included (1001), are closed.
     */
    @Override
    public void close() {
        try {
            graceful.shutdown().get(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // requests still running after the drain time are cut by the stop below
        }
        stopQuietly(server);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            // a server that fails to stop is left to the JVM's exit; nothing useful to do here
        }
    }
}
