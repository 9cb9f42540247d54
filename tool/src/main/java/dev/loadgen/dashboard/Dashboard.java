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

/**
 * The live dashboard of one run. It starts first, before the target or the users (so that a port
 * problem stops loadgen before anything runs), serves "starting" until the engine is {@link #attach
 * attached}, streams the run, and at the {@link #end end} sends the final summary and closes without
 * waiting for the pages to go: a browser tab left open never keeps loadgen from exiting.
 */
public final class Dashboard implements AutoCloseable {
    private static final Duration LAST_WRITE = Duration.ofSeconds(1);

    private final PageServer server;
    private final EventStream stream;
    private final Access access;
    private final AtomicReference<Attached> control;
    private volatile LiveSink sink;

    /** The configured port is taken and was asked for by name: a one-line message for the user. */
    public static final class PortTaken extends IOException {
        PortTaken(String message) {
            super(message);
        }
    }

    private Dashboard(PageServer server, EventStream stream, Access access, AtomicReference<Attached> control) {
        this.server = server;
        this.stream = stream;
        this.access = access;
        this.control = control;
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
        EventStream stream = new EventStream();
        AtomicReference<Attached> control = new AtomicReference<>();
        PageServer server = PageServer.start("loadgen-dashboard", config.bind(), port,
                new DashboardHandler(stream, access, new EngineControls(control, access)));
        return new Dashboard(server, stream, access, control);
    }

    /** The page's address, as a browser on this machine reaches it. */
    public URI url() {
        return server.url();
    }

    public int port() {
        return server.port();
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
    private record EngineControls(AtomicReference<Attached> control, Access access) implements Controls {
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
        server.stop();
    }
}
