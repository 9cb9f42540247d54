package dev.loadgen.cli;

import dev.loadgen.dashboard.ControlPoint;
import dev.loadgen.dashboard.Dashboard;
import dev.loadgen.dashboard.Discovery;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code loadgen control}: one live page for the instances of a scaled-out run (docs/scaling.md). It runs until
 * Ctrl-C; the instances run on whatever it does. Exit code 2 for bad options or a port that is taken.
 */
@Command(name = "control", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"One live dashboard for several loadgen instances (--segment 0/3, 1/3, 2/3 of one run): their figures "
                + "summed on one page, and users, rate and stop sent on to each, a total split as the segments split it."},
        footer = {"", "Examples:",
            "  loadgen control --instances http://10.0.0.5:8089,http://10.0.0.6:8089",
            "  loadgen control --instances-dns loadgen-dashboard.loadtest.svc:8089",
            "", "The token (--token, or LOADGEN_DASHBOARD_TOKEN) is sent to the instances and required of control requests here."})
public final class ControlCommand implements Callable<Integer> {
    static final int DEFAULT_PORT = 8090;
    static final String TOKEN_VARIABLE = "LOADGEN_DASHBOARD_TOKEN";

    @Option(names = "--instances", paramLabel = "URL", split = ",", description = "The instances' dashboard addresses, "
            + "like http://10.0.0.5:8089 (comma-separated or repeated).")
    List<String> urls = new ArrayList<>();

    @Option(names = "--instances-dns", paramLabel = "NAME:PORT", description = "Find the instances as every address of NAME "
            + "(a Kubernetes headless Service), each with its dashboard on PORT; looked up again every 5s.")
    String dns;

    @Option(names = "--port", paramLabel = "PORT", description = "Port of this page. Default: " + DEFAULT_PORT + "; 0 = a free one.")
    String port;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address this page listens on. Default: 127.0.0.1; any other needs a token.")
    String bind;

    @Option(names = "--token", paramLabel = "TOKEN", description = "The instances' dashboard token, also required here; better from "
            + TOKEN_VARIABLE + ".")
    String token;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final CountDownLatch running = new CountDownLatch(1);
    private volatile ControlPoint started;

    public ControlCommand() {
        this(System.out, System.err, System.getenv());
    }

    ControlCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    @Override
    public Integer call() {
        ControlPoint.Settings settings;
        try {
            settings = settings();
        } catch (IllegalArgumentException e) {
            err.println("loadgen control: " + e.getMessage());
            return ExitCodes.BAD_USAGE;
        }
        try (ControlPoint point = ControlPoint.start(settings)) {
            started = point;
            out.println("loadgen control: page on " + point.url() + " for " + describe(settings.discovery(), point)
                    + (settings.token().isPresent() ? "; control needs the token" : "") + " (Ctrl-C to stop)");
            running.await();
            return ExitCodes.OK;
        } catch (IllegalArgumentException | Dashboard.PortTaken e) {
            err.println("loadgen control: " + e.getMessage());
            return ExitCodes.BAD_USAGE;
        } catch (IOException e) {
            err.println("loadgen control: cannot start: " + e.getMessage());
            return ExitCodes.BAD_USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.INTERRUPTED;
        }
    }

    /** The control point once it listens (for tests that start the command in-process). */
    Optional<ControlPoint> started() {
        return Optional.ofNullable(started);
    }

    /** Ends {@link #call()} as Ctrl-C would (for tests that start the command in-process). */
    void stop() {
        running.countDown();
    }

    private ControlPoint.Settings settings() {
        Discovery discovery;
        if (!urls.isEmpty() && dns != null) {
            throw new IllegalArgumentException("give --instances or --instances-dns, not both");
        }
        if (dns != null) {
            discovery = Discovery.dns(dns);
        } else {
            Set<URI> seen = new LinkedHashSet<>();
            for (String u : urls) {
                if (u.isBlank()) {
                    continue;
                }
                URI url = Discovery.instance(u);
                if (!seen.add(url)) {
                    throw new IllegalArgumentException("--instances: " + url + " is given twice; give each instance once");
                }
            }
            if (seen.isEmpty()) {
                throw new IllegalArgumentException("no instances: give their dashboard addresses with --instances http://host:8089,... "
                        + "or a headless Service with --instances-dns NAME:PORT");
            }
            discovery = new Discovery.Fixed(List.copyOf(seen));
        }
        int p = DEFAULT_PORT;
        if (port != null) {
            if (!port.trim().matches("\\d{1,5}") || Integer.parseInt(port.trim()) > 65_535) {
                throw new IllegalArgumentException("--port " + port + " is not a port; give a number from 1 to 65535 (0 for a free one)");
            }
            p = Integer.parseInt(port.trim());
        }
        String address = bind == null ? "127.0.0.1" : bind.trim();
        if (!address.equalsIgnoreCase("localhost") && !address.matches("\\d{1,3}(\\.\\d{1,3}){3}|\\[?[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*]?")) {
            throw new IllegalArgumentException("--bind must be an IP address such as 127.0.0.1 or 0.0.0.0 (or localhost), got '" + bind + "'");
        }
        if (address.startsWith("[")) {
            address = address.substring(1, address.length() - 1);
        }
        Optional<String> t = Optional.ofNullable(token).or(() -> Optional.ofNullable(env.get(TOKEN_VARIABLE))).filter(s -> !s.isEmpty());
        return new ControlPoint.Settings(address, p, t, discovery);
    }

    private static String describe(Discovery discovery, ControlPoint point) {
        return switch (discovery) {
            case Discovery.Fixed f -> f.instances().size() + " instance" + (f.instances().size() == 1 ? "" : "s") + ": "
                    + f.instances().stream().map(URI::toString).collect(Collectors.joining(", "));
            case Discovery.Dns d -> "the addresses of " + d.name() + " on port " + d.port() + ", looked up every 5s; "
                    + (point.lookupProblem().isEmpty() ? point.instanceUrls().size() + " found now" : point.lookupProblem());
        };
    }
}
