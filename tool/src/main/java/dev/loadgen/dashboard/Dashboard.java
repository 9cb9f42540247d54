package dev.loadgen.dashboard;

import dev.loadgen.config.DashboardConfig;
import dev.loadgen.config.Segment;
import dev.loadgen.config.Threshold;
import dev.loadgen.engine.LoadControl;
import dev.loadgen.metrics.Sink;
import dev.loadgen.metrics.Totals;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The live dashboard of one run. It starts first, before the target or the users (so that a port
 * problem stops loadgen before anything runs), serves "starting" until the engine is {@link #attach
 * attached}, streams the run, and at the {@link #end end} sends the final summary and closes without
 * waiting for the pages to go: a browser tab left open never keeps loadgen from exiting.
 *
 * <p>Jetty 12's core API rather than the JDK's HttpServer: Jetty is already in the jar (the demo app and
 * the HTTP client use it), its connections have idle timeouts, and its stop closes open event streams at
 * once, whereas the JDK server's stop waits on exchanges still running.
 */
public final class Dashboard implements AutoCloseable {
    private static final Duration LAST_WRITE = Duration.ofSeconds(1);

    private final Server server;
    private final ServerConnector connector;
    private final EventStream stream;
    private final Access access;
    private final AtomicReference<Attached> control = new AtomicReference<>();
    private volatile LiveSink sink;

    /** The configured port is taken and was asked for by name: a one-line message for the user. */
    public static final class PortTaken extends IOException {
        PortTaken(String message) {
            super(message);
        }
    }

    private Dashboard(Server server, ServerConnector connector, EventStream stream, Access access) {
        this.server = server;
        this.connector = connector;
        this.stream = stream;
        this.access = access;
    }

    /**
     * Starts listening. When the default port is taken, a free port is taken instead ({@link #port()} then
     * differs from the configured one, and the caller says so).
     *
     * @throws PortTaken when a port that was asked for by name cannot be had
     */
    public static Dashboard start(DashboardConfig config) throws IOException {
        boolean loopback = config.bind().equalsIgnoreCase("localhost") || InetAddress.getByName(config.bind()).isLoopbackAddress();
        Access access = new Access(config.token(), loopback);
        try {
            return start(config, config.port(), access);
        } catch (BindException e) {
            if (config.exactPort()) {
                throw new PortTaken("dashboard: cannot listen on " + config.bind() + ":" + config.port() + " (" + e.getMessage()
                        + "); choose another port with --dashboard-port, or 0 to turn the dashboard off");
            }
            return start(config, 0, access);
        }
    }

    private static Dashboard start(DashboardConfig config, int port, Access access) throws IOException {
        QueuedThreadPool pool = new QueuedThreadPool(16, 2);
        pool.setName("loadgen-dashboard");
        // a page left open must never keep the JVM alive
        pool.setDaemon(true);
        Server server = new Server(pool);
        server.setStopTimeout(0);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(config.bind());
        connector.setPort(port);
        connector.setIdleTimeout(Duration.ofMinutes(1).toMillis());
        server.addConnector(connector);
        EventStream stream = new EventStream();
        Dashboard d = new Dashboard(server, connector, stream, access);
        server.setHandler(new DashboardHandler(stream, access, d.new EngineControls()));
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BindException b) {
                    throw b;
                }
            }
            throw new IOException("dashboard: cannot start on " + config.bind() + ":" + port + ": " + e.getMessage(), e);
        }
        return d;
    }

    /** The page's address, as a browser on this machine reaches it. */
    public URI url() {
        String host = connector.getHost();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0")) {
            host = "127.0.0.1";
        }
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + connector.getLocalPort() + "/");
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The engine, and which share of the run it runs. */
    private record Attached(LoadControl load, Segment segment) {}

    /**
     * Connects the running engine (through its control interface only) and returns the sink that feeds
     * the page from the snapshots.
     *
     * @param segment this instance's execution segment ({@link Segment#WHOLE} for a whole run), shown in the
     *                status so that a control point knows each instance's share of a total
     */
    public Sink attach(LoadControl load, Segment segment, Totals totals, List<Threshold> thresholds, Duration planned) {
        LiveSink s = new LiveSink(stream, load, segment, totals, thresholds, planned.toMillis() / 1000.0, access.tokenRequired());
        sink = s;
        control.set(new Attached(load, segment));
        return s;
    }

    /**
     * The run is over: every page gets the final summary (summary.json's text) and where the results are,
     * then closes its stream.
     */
    public void end(String summaryJson, Path results) {
        LiveSink s = sink;
        String state = s == null ? "{}" : s.lastState();
        var end = StateJson.JSON.createObjectNode();
        try {
            end.set("state", StateJson.JSON.readTree(state));
            end.set("summary", StateJson.JSON.readTree(summaryJson));
        } catch (IOException e) {
            throw new IllegalStateException("the dashboard's own JSON does not parse", e);
        }
        end.put("results", results.toString());
        stream.end(dev.loadgen.report.BrowserJson.exact(end).toString());
    }

    /** The control API on the attached engine; 503 until it is attached. */
    private final class EngineControls implements Controls {
        @Override
        public ControlApi.Answer status() {
            Attached c = control.get();
            return c == null ? ControlApi.error(503, "the run has not started yet")
                    : new ControlApi.Answer(200, StateJson.control(c.load().status(), c.segment(), access.tokenRequired()));
        }

        @Override
        public ControlApi.Answer control(String path, String body) {
            Attached c = control.get();
            return c == null ? ControlApi.error(503, "the run has not started yet; try again in a moment")
                    : ControlApi.handle(path, body, c.load(), c.segment(), access.tokenRequired());
        }
    }

    /** Gives the last events a moment to go out (never more), then stops; open pages are cut off. */
    @Override
    public void close() {
        try {
            stream.drain(LAST_WRITE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopQuietly(server);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping at exit: the daemon threads go with the JVM
        }
    }
}
