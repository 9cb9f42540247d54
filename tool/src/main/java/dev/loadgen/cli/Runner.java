package dev.loadgen.cli;

import dev.loadgen.behavior.Accounts;
import dev.loadgen.chaos.Chaos;
import dev.loadgen.behavior.Catalogue;
import dev.loadgen.behavior.HttpRequestBehavior;
import dev.loadgen.behavior.Services;
import dev.loadgen.behavior.World;
import dev.loadgen.config.ChaosConfig;
import dev.loadgen.config.ConfigException;
import dev.loadgen.config.ConfigLoader;
import dev.loadgen.config.LoadProfile;
import dev.loadgen.config.Population;
import dev.loadgen.config.RunConfig;
import dev.loadgen.config.Threshold;
import dev.loadgen.config.Values;
import dev.loadgen.dashboard.Dashboard;
import dev.loadgen.time.Clock;
import dev.loadgen.engine.Engine;
import dev.loadgen.engine.EngineListener;
import dev.loadgen.engine.EngineResult;
import dev.loadgen.metrics.IntervalCollector;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.ThresholdCheck;
import dev.loadgen.metrics.WsCounters;
import dev.loadgen.protocol.HostPolicy;
import dev.loadgen.protocol.HostRefusedException;
import dev.loadgen.protocol.JettyHttpTransport;
import dev.loadgen.protocol.JettyWsTransport;
import dev.loadgen.protocol.WsTransport;
import dev.loadgen.report.ConfigJson;
import dev.loadgen.report.ConsoleSummary;
import dev.loadgen.report.Counts;
import dev.loadgen.report.RunRecord;
import dev.loadgen.report.HistogramLogs;
import dev.loadgen.report.HtmlReport;
import dev.loadgen.report.Progress;
import dev.loadgen.report.RunInfo;
import dev.loadgen.report.Summary;
import dev.loadgen.report.SummaryJson;
import dev.loadgen.report.Timeline;
import dev.loadgen.user.SimulatedUsers;
import dev.loadgen.user.Personas;
import dev.loadgen.user.ThinkTimes;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * One run, start to finish: config, target (the embedded demo when none is configured), pre-flight,
 * transports and behaviours, the engine, the sinks, then the summary, the results folder and the exit
 * code. Nothing is started before the config has been validated.
 */
final class Runner {
    private static final String USER_AGENT = "loadgen/" + Version.VERSION;

    private final RunRequest request;
    private final PrintStream out;
    private final PrintStream err;
    private final Seams seams;

    /**
     * Where tests reach into a run: the span exporter (in memory instead of OTLP), and the run's meters
     * once they exist (to stand in for features that feed them, such as chaos injection).
     */
    record Seams(Observability.Exporting exporting, Consumer<Metrics> metrics) {
        static final Seams NONE = new Seams(Observability.Exporting.OTLP, m -> {});
    }

    Runner(RunRequest request) {
        this(request, System.out, System.err);
    }

    Runner(RunRequest request, PrintStream out, PrintStream err) {
        this(request, out, err, Seams.NONE);
    }

    Runner(RunRequest request, PrintStream out, PrintStream err, Seams seams) {
        this.request = request;
        this.out = out;
        this.err = err;
        this.seams = seams;
    }

    int run() throws IOException, InterruptedException {
        RunConfig config;
        try {
            config = ConfigLoader.load(request.configFile(), request.sets(), request.flags(), System::getenv,
                    () -> request.segmented() ? 1L : ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
        } catch (ConfigException e) {
            err.println("loadgen: " + e.getMessage());
            return ExitCodes.BAD_USAGE;
        }
        Observability observability;
        try {
            observability = Observability.start(config.observe(), seams.exporting(), err);
        } catch (ConfigException e) {
            err.println("loadgen: " + e.getMessage());
            return ExitCodes.BAD_USAGE;
        }
        try (observability) {
            return run(config, observability);
        }
    }

    private int run(RunConfig config, Observability observability) throws IOException, InterruptedException {
        Dashboard dashboard = null;
        EmbeddedDemo demo = null;
        try {
            if (config.dashboard().enabled()) {
                // first, so that a port problem stops loadgen before anything else starts
                try {
                    dashboard = Dashboard.start(config.dashboard());
                } catch (IOException e) {
                    err.println("loadgen: " + e.getMessage());
                    return ExitCodes.BAD_USAGE;
                }
            }
            String targetLabel = "configured target";
            if (config.target().noBuiltInTarget() && usesBuiltInServices(config)) {
                demo = EmbeddedDemo.start(observability.exporter());
                Map<String, URI> urls = new LinkedHashMap<>(config.target().services());
                urls.putAll(demo.urls());
                config = config.withTarget(config.target().withServices(urls));
                err.println("loadgen: no target configured; running against the built-in demo app (auth " + urls.get("auth")
                        + ", users " + urls.get("users") + ", posts " + urls.get("posts") + ", chat " + urls.get("chat") + ")");
                targetLabel = "built-in demo";
            }
            return run(config, targetLabel, observability, Optional.ofNullable(dashboard));
        } catch (ConfigException e) {
            err.println("loadgen: " + e.getMessage());
            return ExitCodes.BAD_USAGE;
        } finally {
            if (dashboard != null) {
                dashboard.close();
            }
            if (demo != null) {
                demo.close();
            }
        }
    }

    /** True when the personas' actions include the four built-in services (the default personas' do). */
    private static boolean usesBuiltInServices(RunConfig c) {
        if (c.population().account() == Population.AccountMode.NONE) {
            return false;
        }
        return c.population().personas().stream().anyMatch(p -> switch (p.flow()) {
            case Population.Flow.Markov m -> m.rows().keySet().stream().anyMatch(a -> !a.equals("start") && !a.startsWith("http."));
            case Population.Flow.Weighted w -> w.actions().isEmpty()
                    || w.actions().stream().anyMatch(a -> !a.action().startsWith("http.") && a.weight() > 0);
        });
    }

    private int run(RunConfig config, String targetLabel, Observability observability, Optional<Dashboard> dashboard)
            throws IOException, InterruptedException {
        Map<String, URI> reachable = new LinkedHashMap<>(config.target().services());
        Set<String> hosts = new HashSet<>(config.target().allowedHosts());
        config.target().services().values().forEach(u -> hosts.add(u.getHost()));
        config.requests().stream().filter(r -> r.service().isEmpty() && !r.urlOrPath().contains("${"))
                .forEach(r -> {
                    URI u = URI.create(r.urlOrPath());
                    hosts.add(u.getHost());
                    reachable.putIfAbsent(config.requests().size() == 1 ? "url" : "request " + r.name(), u);
                });
        Optional<String> unreachable = Preflight.check(reachable, 2000);
        if (unreachable.isPresent()) {
            err.println("loadgen: " + unreachable.get());
            return ExitCodes.ABORTED;
        }
        HostPolicy policy = new HostPolicy(hosts);
        Metrics metrics = new Metrics();
        WsCounters ws = new WsCounters();
        seams.metrics().accept(metrics);
        int connections = switch (config.load()) {
            case LoadProfile.Closed c -> Math.max(1, c.peakUsers());
            case LoadProfile.Open o -> Math.max(1, o.maxUsers());
        };
        SplittableRandom root = new SplittableRandom(config.seed());
        Accounts.tagRun(root.split());
        try (JettyHttpTransport http = new JettyHttpTransport(metrics, policy, new JettyHttpTransport.Settings(
                config.target().timeout(), config.target().connectTimeout(), connections, USER_AGENT, false), observability.tracing(), Clock.SYSTEM);
             WsTransport wsTransport = new JettyWsTransport(http, metrics, ws, policy, config.target().timeout())) {
            Services services = new Services(http, Optional.of(wsTransport), metrics, ws, new World(config.population().world()), config.target());
            Optional<Chaos> chaos = Chaos.of(config.chaos(), config.seed());
            Catalogue catalogue;
            checkThresholdScopes(config);
            try {
                catalogue = Catalogue.build(services, config, root.split());
            } catch (HostRefusedException | IllegalStateException e) {
                err.println("loadgen: " + e.getMessage());
                return ExitCodes.ABORTED;
            }
            // after the catalogue: the account pool is registered before the run, without faults
            chaos.ifPresent(services::chaos);
            for (URI u : catalogue.requests().map(HttpRequestBehavior::constantUris).orElse(List.of())) {
                if (!policy.allows(u)) {
                    err.println("loadgen: " + HostPolicy.refusal(u));
                    return ExitCodes.ABORTED;
                }
            }
            return execute(config, targetLabel, metrics, ws, catalogue, root, observability, chaos, dashboard);
        }
    }

    private int execute(RunConfig config, String targetLabel, Metrics metrics, WsCounters ws, Catalogue catalogue,
                        SplittableRandom root, Observability observability, Optional<Chaos> chaos, Optional<Dashboard> dashboard)
            throws IOException, InterruptedException {
        Instant startedAt = Instant.now();
        Path dir = resultsDir(config, startedAt);
        RunInfo info = new RunInfo(Version.VERSION, startedAt, config.load(), config.seed(), targetLabel);
        config.warnings().forEach(w -> err.println("loadgen: warning: " + w));
        err.println("loadgen " + Version.VERSION + ": " + describe(config) + "; seed " + config.seed() + "; results in " + dir);
        observability.describe(config.observe().tracing()).ifPresent(line -> err.println("loadgen: " + line));
        if (chaos.isPresent()) {
            err.println("loadgen: chaos on: " + String.join(", ", config.chaos().faults().stream().filter(f -> f.probability() > 0)
                    .map(ChaosConfig.Fault::describe).toList()) + " (counted apart from the target's errors)");
        }
        ConfigJson.write(config, dir);
        dashboard.ifPresent(d -> err.println("loadgen: dashboard on " + d.url()
                + (d.port() == config.dashboard().port() ? "" : " (port " + config.dashboard().port() + " is taken)")));

        Personas personas = Personas.of(config.population(), catalogue);
        SimulatedUsers users = new SimulatedUsers(catalogue, personas, ThinkTimes.of(config.population().gap()),
                metrics.users(), config.seed(), observability.tracing());
        AtomicBoolean warnedDrop = new AtomicBoolean();
        AtomicBoolean warnedFailure = new AtomicBoolean();
        EngineListener listener = new EngineListener() {
            @Override
            public void sessionDropped(long arrival) {
                metrics.users().sessionDropped();
                if (warnedDrop.compareAndSet(false, true)) {
                    err.println("\nloadgen: warning: max-users reached, so arriving sessions are dropped (counted in sessions.dropped); "
                            + "raise --max-users or lower --rate");
                }
            }

            @Override
            public void userFailed(long user, Throwable error) {
                metrics.users().userFailed();
                if (warnedFailure.compareAndSet(false, true)) {
                    err.println("\nloadgen: internal error in simulated user " + user + " (further ones are counted, not shown):");
                    error.printStackTrace(err);
                }
            }
        };
        Engine engine = new Engine(config.load(), users, Clock.SYSTEM, listener, root.split());
        IntervalCollector collector = new IntervalCollector(metrics, ws, Duration.ofSeconds(1), Clock.SYSTEM.nanoTime(), Clock.SYSTEM,
                w -> err.println("\nloadgen: warning: " + w));
        if (!config.output().quiet()) {
            IntSupplier planned = config.load() instanceof LoadProfile.Closed ? () -> (int) engine.status().target() : () -> 0;
            collector.add(new Progress(err, isTerminal(), config.load().duration().toSeconds(),
                    config.output().progressInterval().toSeconds(), planned));
        }
        collector.add(new HistogramLogs(dir, startedAt.toEpochMilli()));
        collector.add(observability.expose(metrics, ws));
        collector.add(new Timeline(dir, engine));
        dashboard.ifPresent(d -> collector.add(d.attach(engine, collector.totals(), config.thresholds(), config.load().duration())));
        Signals signals = new Signals();
        signals.install(new Signals.Target() {
            @Override
            public void stop() {
                engine.stop();
            }

            @Override
            public void abort() {
                engine.abort();
            }
        });
        long t0 = System.nanoTime();
        chaos.ifPresent(Chaos::start);
        collector.start();
        EngineResult result = engine.run();
        collector.finish();
        double seconds = (System.nanoTime() - t0) / 1e9;

        Counts.write(Counts.of(info, seconds, result, metrics, ws), dir);
        Summary summary = Summary.of(RunRecord.read(dir));
        SummaryJson.write(summary, dir.resolve("summary.json"));
        Optional<Path> report = report(dir);
        ConsoleSummary.print(summary, out);
        out.println("results: " + dir);
        report.ifPresent(r -> out.println("report: " + r));
        dashboard.ifPresent(d -> d.end(SummaryJson.render(summary), dir));
        if (signals.interrupted()) {
            return ExitCodes.INTERRUPTED;
        }
        return summary.thresholdsHeld() ? ExitCodes.OK : ExitCodes.THRESHOLD_FAILED;
    }

    /** report.html from what the run recorded; a failure to render it costs the report, not the run's verdict. */
    private Optional<Path> report(Path dir) {
        try {
            return Optional.of(HtmlReport.write(dir));
        } catch (IOException | RuntimeException e) {
            err.println("loadgen: report.html could not be written (" + e.getMessage() + "); run loadgen report " + dir + " to retry");
            return Optional.empty();
        }
    }

    private static void checkThresholdScopes(RunConfig config) {
        for (Threshold t : config.thresholds()) {
            if (!t.endpointScope() && !t.scope().equals("all") && !t.scope().equals("http")
                    && config.target().service(t.scope()).isEmpty() && !List.of("auth", "users", "posts", "chat").contains(t.scope())) {
                throw new ConfigException(t.origin(), "threshold '" + t.expression() + "': no service named '" + t.scope()
                        + "'; use all, http, auth, users, posts, chat or a target.named service");
            }
        }
    }

    private static String describe(RunConfig c) {
        return switch (c.load()) {
            case LoadProfile.Closed cl -> cl.peakUsers() + " users (closed model) for " + Values.format(cl.duration())
                    + (cl.segment().count() > 1 ? ", segment " + cl.segment() : "");
            case LoadProfile.Open o -> "sessions arriving at up to " + o.stages().stream().mapToDouble(LoadProfile.Stage::target).max().orElse(0)
                    + "/s (open model, " + o.arrivals().name().toLowerCase(java.util.Locale.ROOT) + ", max " + o.maxUsers() + " users) for "
                    + Values.format(o.duration()) + (o.segment().count() > 1 ? ", segment " + o.segment() : "");
        };
    }

    private static Path resultsDir(RunConfig c, Instant startedAt) throws IOException {
        Path dir = c.output().dir().orElseGet(() -> freshDir("", startedAt));
        Files.createDirectories(dir);
        return dir;
    }

    /** {@code results/<prefix><UTC time>}, with {@code -2}, {@code -3}... when that folder exists. */
    static Path freshDir(String prefix, Instant at) {
        String stamp = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss").withZone(ZoneOffset.UTC).format(at);
        Path base = Path.of("results", prefix + stamp);
        Path p = base;
        for (int i = 2; Files.exists(p); i++) {
            p = Path.of(base + "-" + i);
        }
        return p;
    }

    /** A terminal gets a rewritten progress line; the launcher says whether stderr is one. */
    private static boolean isTerminal() {
        String tty = System.getenv("LOADGEN_TTY");
        if (tty != null) {
            return tty.equals("1");
        }
        return System.console() != null;
    }
}
