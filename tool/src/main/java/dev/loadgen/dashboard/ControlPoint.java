package dev.loadgen.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadgen.report.BrowserJson;
import dev.loadgen.time.Clock;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One page for a run spread over several loadgen instances ({@code loadgen control}): it follows each instance's
 * dashboard (its event stream), serves their figures made one on the dashboard's own page, and sends the page's
 * control requests on to every instance ({@link FanOut}). It talks to the instances over their HTTP API only,
 * as a person with a browser would; it runs no load and keeps no results of its own.
 *
 * <p>The same guards as a run's dashboard ({@link Access}): bound to loopback unless told otherwise, and then only
 * with a token, which control requests to the control point must carry; the same token goes to the instances.
 */
public final class ControlPoint implements AutoCloseable {
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final Duration LOOKUP_EVERY = Duration.ofSeconds(5);

    /**
     * @param bind  the address to listen on, an IP literal or {@code localhost}
     * @param port  0 for a free one
     * @param token required of control requests here, and sent to the instances; at least 8 characters
     */
    public record Settings(String bind, int port, Optional<String> token, Discovery discovery) {
        @Override
        public String toString() {
            // the token is a secret: never in a log line or an error message
            return "Settings[bind=" + bind + ", port=" + port + ", token=" + (token.isPresent() ? "(set)" : "(none)") + ", discovery=" + discovery + "]";
        }
    }

    private final Settings settings;
    private final PageServer server;
    private final EventStream stream;
    private final Access access;
    private final HttpClient http;
    private final Clock clock;
    private final Map<URI, Instance> instances = new LinkedHashMap<>();
    private final AtomicReference<ObjectNode> state = new AtomicReference<>();
    private volatile String lookupProblem = "";
    private volatile boolean closed;
    private final Thread ticker;

    private ControlPoint(Settings settings, Access access, Clock clock) throws IOException {
        this.settings = settings;
        this.access = access;
        this.clock = clock;
        this.stream = new EventStream();
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        this.state.set(StateSum.of(List.of(), access.tokenRequired()));
        FanOut fanOut = new FanOut(this::instances);
        Controls controls = new Controls() {
            @Override
            public ControlApi.Answer status() {
                ObjectNode s = state.get();
                ObjectNode c = s.path("control").deepCopy();
                c.set("instances", s.path("instances"));
                return new ControlApi.Answer(200, c);
            }

            @Override
            public ControlApi.Answer control(String path, String body) {
                return fanOut.control(path, body);
            }
        };
        try {
            this.server = PageServer.start("loadgen-control", settings.bind(), settings.port(), new DashboardHandler(stream, access, controls));
        } catch (BindException e) {
            http.close();
            throw new Dashboard.PortTaken("cannot listen on " + settings.bind() + ":" + settings.port() + " (" + e.getMessage()
                    + "); choose another port with --port");
        }
        lookUp();
        this.ticker = Thread.ofPlatform().daemon().name("loadgen-control").start(this::tick);
    }

    /**
     * Starts listening and following the instances.
     *
     * @throws IllegalArgumentException when the settings are refused: a token too short, or none for an address
     *                                  other than loopback
     * @throws Dashboard.PortTaken      when the port cannot be had
     */
    public static ControlPoint start(Settings settings) throws IOException {
        return start(settings, Clock.SYSTEM);
    }

    static ControlPoint start(Settings settings, Clock clock) throws IOException {
        if (settings.token().isPresent() && settings.token().get().length() < 8) {
            throw new IllegalArgumentException("the token must be at least 8 characters; use a long random one, e.g. from: openssl rand -hex 16");
        }
        boolean loopback = settings.bind().equalsIgnoreCase("localhost") || InetAddress.getByName(settings.bind()).isLoopbackAddress();
        if (!loopback && settings.token().isEmpty()) {
            throw new IllegalArgumentException("--bind " + settings.bind() + " is not a loopback address, so anyone who reaches it could "
                    + "change or stop the run: give --token (or LOADGEN_DASHBOARD_TOKEN), or bind to 127.0.0.1");
        }
        return new ControlPoint(settings, new Access(settings.token(), loopback), clock);
    }

    /** The page's address, as a browser on this machine reaches it. */
    public URI url() {
        return server.url();
    }

    /** The instances found so far, in the order given (or of their addresses). */
    public List<URI> instanceUrls() {
        synchronized (instances) {
            return List.copyOf(instances.keySet());
        }
    }

    /** Why the last lookup of the instances found none, or an empty text. */
    public String lookupProblem() {
        return lookupProblem;
    }

    private List<Instance> instances() {
        synchronized (instances) {
            return new ArrayList<>(instances.values());
        }
    }

    /** Adds the instances a lookup finds; one found before stays, reachable or not, with its figures. */
    private void lookUp() {
        Discovery.Lookup found = settings.discovery().lookup();
        lookupProblem = found.problem();
        synchronized (instances) {
            for (URI u : found.instances()) {
                if (!closed) {
                    instances.computeIfAbsent(u, k -> new Instance(k, http, settings.token(), clock));
                }
            }
        }
    }

    /** Once a second: the instances' figures made one, to every page; every few seconds, a new lookup. */
    private void tick() {
        long start = clock.nanoTime();
        long previous = start;
        long nextLookup = start + LOOKUP_EVERY.toNanos();
        long next = start + TICK.toNanos();
        try {
            while (!closed) {
                clock.sleepUntil(next, () -> closed);
                if (closed) {
                    return;
                }
                long now = clock.nanoTime();
                next += TICK.toNanos();
                if (settings.discovery() instanceof Discovery.Dns && now >= nextLookup) {
                    lookUp();
                    nextLookup = now + LOOKUP_EVERY.toNanos();
                }
                List<Instance.View> views = instances().stream().map(Instance::view).toList();
                ObjectNode s = StateSum.of(views, access.tokenRequired());
                if (!lookupProblem.isEmpty()) {
                    s.put("lookup", lookupProblem);
                }
                ObjectNode interval = IntervalSum.of((now - start) / 1e9, (now - previous) / 1e9, views, s.path("control"));
                previous = now;
                state.set(s);
                stream.interval(BrowserJson.exact(interval).toString());
                stream.state(BrowserJson.exact(s.deepCopy()).toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops following the instances and serving the page; open pages are cut off. */
    @Override
    public void close() {
        closed = true;
        ticker.interrupt();
        instances().forEach(Instance::close);
        http.shutdownNow();
        server.stop();
    }
}
