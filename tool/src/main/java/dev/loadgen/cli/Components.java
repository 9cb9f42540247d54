package dev.loadgen.cli;

import dev.loadgen.behavior.Catalogue;
import dev.loadgen.behavior.Scenario;
import dev.loadgen.behavior.ScenarioRuntime;
import dev.loadgen.behavior.Services;
import dev.loadgen.chaos.Chaos;
import dev.loadgen.config.LoadProfile;
import dev.loadgen.config.RunConfig;
import dev.loadgen.dashboard.Dashboard;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.WsCounters;
import dev.loadgen.protocol.HostPolicy;
import dev.loadgen.protocol.JettyHttpTransport;
import dev.loadgen.protocol.Networks;
import dev.loadgen.protocol.Routes;
import dev.loadgen.protocol.JettyWsTransport;
import dev.loadgen.protocol.WsTransport;
import dev.loadgen.time.Clock;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The second stage of a run: everything it needs, started in order and recorded in {@link Started}: the
 * Prometheus endpoint and tracing, the dashboard (so a taken port stops the run before the rest starts), the
 * built-in demo when it is the target, a pre-flight connect to each target, the clients, the scenario on the
 * real addresses, and the account pool.
 */
record Components(RunConfig config, String targetLabel, Observability observability, Optional<Dashboard> dashboard, Metrics metrics,
                  WsCounters ws, Catalogue catalogue, Optional<Chaos> chaos, SplittableRandom seeds) {
    private static final String USER_AGENT = "loadgen/" + Version.VERSION;

    static Components start(RunPlan plan, Runner.Seams seams, PrintStream err, Started started) throws IOException, InterruptedException, StartFailure {
        RunConfig config = plan.config();
        Observability observability = started.add("metrics endpoint and tracing", Observability.start(config.observe(), seams.exporting(), err));
        Optional<Dashboard> dashboard = config.dashboard().enabled()
                ? Optional.of(started.add("dashboard", dashboardOn(config))) : Optional.empty();
        String label = "configured target";
        Map<String, URI> demoUrls = Map.of();
        if (plan.embeddedDemo()) {
            EmbeddedDemo demo = started.add("built-in demo app", EmbeddedDemo.start(observability.exporter()));
            Map<String, URI> urls = new LinkedHashMap<>(config.target().services());
            demoUrls = demo.urls();
            urls.putAll(demoUrls);
            config = config.withTarget(config.target().withServices(urls));
            err.println("loadgen: no target configured; running against the built-in demo app (auth " + urls.get("auth")
                    + ", users " + urls.get("users") + ", posts " + urls.get("posts") + ", chat " + urls.get("chat") + ")");
            label = "built-in demo";
        }
        Metrics metrics = new Metrics(w -> err.println("\nloadgen: warning: " + w));
        WsCounters ws = new WsCounters();
        seams.metrics().accept(metrics);
        Scenario scenario = started.add("scenario data files", Scenario.compile(config, metrics, ws, System::getenv, Clock.SYSTEM));
        Map<String, URI> reachable = new LinkedHashMap<>(config.target().services());
        Set<String> hosts = new HashSet<>(config.target().allowedHosts());
        config.target().services().values().forEach(u -> hosts.add(u.getHost()));
        List<URI> fixed = scenario.fixedUrls();
        fixed.forEach(u -> {
            hosts.add(u.getHost());
            reachable.putIfAbsent(fixed.size() == 1 ? "url" : "url " + u, u);
        });
        Networks networks = Networks.of(config.target()).direct(demoUrls.values());
        Optional<String> unreachable = Preflight.check(reachable, networks, 2000);
        if (unreachable.isPresent()) {
            throw new StartFailure(unreachable.get());
        }
        Routes.describe(reachable, networks).ifPresent(line -> err.println("loadgen: " + line));
        HostPolicy policy = new HostPolicy(hosts, config.target().hostOverrides());
        int users = switch (config.load()) {
            case LoadProfile.Closed c -> Math.max(1, c.peakUsers());
            case LoadProfile.Open o -> Math.max(1, o.maxUsers());
        };
        JettyHttpTransport http = started.add("HTTP client", new JettyHttpTransport(metrics, policy,
                new JettyHttpTransport.Settings(config.target().timeout(), config.target().connectTimeout(), config.target().idleTimeout(), users, USER_AGENT,
                        !config.target().sharedConnections(), config.target().maxResponseBodyBytes(), networks), observability.tracing(), Clock.SYSTEM));
        WsTransport wsTransport = started.add("WebSocket client", new JettyWsTransport(http, metrics, ws, policy, config.target().timeout()));
        Optional<Chaos> chaos = Chaos.of(config.chaos(), config.seed());
        SplittableRandom seeds = new SplittableRandom(config.seed());
        String runId = Long.toString(Math.abs(new SplittableRandom().nextLong()) % 2_176_782_336L, 36);
        ScenarioRuntime runtime = new ScenarioRuntime(scenario, new Services(http, Optional.of(wsTransport), metrics, chaos,
                config.target(), Clock.SYSTEM, w -> err.println("\nloadgen: warning: " + w)), runId);
        // signed up before the load starts, so before any fault is injected (a fault there would only shrink the pool)
        int[] registered = runtime.registerPool(seeds.split());
        if (registered[1] > 0 && registered[0] < (registered[1] + 1) / 2) {
            throw new StartFailure("only " + registered[0] + " of " + registered[1] + " pool accounts could be signed up; check the "
                    + "register action against the target (see the errors in " + config.output().dir().map(Object::toString).orElse("the results")
                    + "), or use users.account: register");
        }
        return new Components(config, label, observability, dashboard, metrics, ws, Catalogue.of(runtime), chaos, seeds);
    }

    private static Dashboard dashboardOn(RunConfig config) {
        try {
            return Dashboard.start(config.dashboard());
        } catch (IOException e) {
            throw new dev.loadgen.config.ConfigException(e.getMessage());
        }
    }
}
