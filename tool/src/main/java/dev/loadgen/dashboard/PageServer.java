package dev.loadgen.dashboard;

import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.time.Duration;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP server under a page ({@link Dashboard}, {@link ControlPoint}): Jetty 12's core API on one address, its
 * threads daemons and its stop immediate, so that a page left open never keeps loadgen running.
 *
 * <p>Jetty rather than the JDK's HttpServer: Jetty is already in the jar (the demo app and the HTTP client use it),
 * its connections have idle timeouts, and its stop closes open event streams at once, whereas the JDK server's
 * stop waits on exchanges still running.
 */
final class PageServer {
    private final Server server;
    private final ServerConnector connector;

    private PageServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Listens on {@code bind:port} (port 0: a free one) and serves {@code handler}.
     *
     * @throws BindException when the address cannot be had, so the caller can say what to do
     */
    static PageServer start(String name, String bind, int port, Handler handler) throws IOException {
        QueuedThreadPool pool = new QueuedThreadPool(16, 2);
        pool.setName(name);
        // a page left open must never keep the JVM alive
        pool.setDaemon(true);
        Server server = new Server(pool);
        server.setStopTimeout(0);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(bind);
        connector.setPort(port);
        connector.setIdleTimeout(Duration.ofMinutes(1).toMillis());
        server.addConnector(connector);
        server.setHandler(handler);
        try {
            server.start();
        } catch (Exception e) {
            new PageServer(server, connector).stop();
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BindException b) {
                    throw b;
                }
            }
            throw new IOException(name + ": cannot start on " + bind + ":" + port + ": " + e.getMessage(), e);
        }
        return new PageServer(server, connector);
    }

    /** The page's address, as a browser on this machine reaches it. */
    URI url() {
        String host = connector.getHost();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0")) {
            host = "127.0.0.1";
        }
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + connector.getLocalPort() + "/");
    }

    int port() {
        return connector.getLocalPort();
    }

    void stop() {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping at exit: the daemon threads go with the JVM
        }
    }
}
