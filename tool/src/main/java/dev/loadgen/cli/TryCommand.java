package dev.loadgen.cli;

import dev.loadgen.behavior.Action;
import dev.loadgen.behavior.Scenario;
import dev.loadgen.behavior.ScenarioRuntime;
import dev.loadgen.behavior.Services;
import dev.loadgen.behavior.UserState;
import dev.loadgen.config.ConfigException;
import dev.loadgen.config.Population;
import dev.loadgen.config.RunConfig;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.WsCounters;
import dev.loadgen.protocol.HostPolicy;
import dev.loadgen.protocol.JettyHttpTransport;
import dev.loadgen.protocol.Networks;
import dev.loadgen.protocol.Routes;
import dev.loadgen.protocol.JettyWsTransport;
import dev.loadgen.config.Redaction;
import dev.loadgen.time.Clock;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code loadgen try FILE}: one user of one persona through each of its actions once, against the real target
 * (the built-in demo when none is configured), printing every request and response, every value captured,
 * every check and every step skipped, secrets redacted: what a person does by hand with curl while writing a
 * scenario. No think, reading or typing time; no faults.
 */
@Command(name = "try", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run one user through its persona's actions once against the target, showing each request, response, "
                + "capture and check (secrets redacted). Exit code 0 when every request and check passed, 1 when one did not, "
                + "2 for a bad config, 3 when the target cannot be reached."},
        footer = {"", "Examples:", "  loadgen try configs/demo-scenario.yaml --persona poster",
            "  loadgen try my-api.yaml --set target.named.api=http://127.0.0.1:9000"})
public final class TryCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The config or scenario file.")
    Path file;

    @Option(names = "--persona", paramLabel = "NAME", description = "The persona to try. Default: the one of most weight.")
    String persona;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Set a config key, as for a run (repeatable).")
    List<String> sets = new ArrayList<>();

    private final PrintStream out;
    private final PrintStream err;

    public TryCommand() {
        this(System.out, System.err);
    }

    TryCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        RunPlan plan;
        Population.PersonaSpec chosen;
        try {
            plan = RunPlan.resolve(new RunRequest(Optional.of(file), sets, List.of(), false), System::getenv);
            chosen = persona(plan.config());
        } catch (ConfigException e) {
            err.println("loadgen try: " + e.getMessage());
            return ExitCodes.BAD_USAGE;
        }
        try (Started started = new Started(err)) {
            RunConfig config = plan.config();
            Map<String, URI> demoUrls = Map.of();
            if (plan.embeddedDemo()) {
                EmbeddedDemo demo = started.add("built-in demo app", EmbeddedDemo.start(Optional.empty()));
                Map<String, URI> urls = new LinkedHashMap<>(config.target().services());
                demoUrls = demo.urls();
                urls.putAll(demoUrls);
                config = config.withTarget(config.target().withServices(urls));
                out.println("(no target configured: trying against the built-in demo app)");
            }
            Networks networks = Networks.of(config.target()).direct(demoUrls.values());
            Optional<String> unreachable = Preflight.check(config.target().services(), networks, 2000);
            if (unreachable.isPresent()) {
                err.println("loadgen try: " + unreachable.get());
                return ExitCodes.ABORTED;
            }
            Metrics metrics = new Metrics(w -> err.println("loadgen try: warning: " + w));
            WsCounters ws = new WsCounters();
            Scenario scenario = started.add("scenario data files", Scenario.compile(config, metrics, ws, System::getenv, Clock.SYSTEM));
            Set<String> hosts = new HashSet<>(config.target().allowedHosts());
            config.target().services().values().forEach(u -> hosts.add(u.getHost()));
            scenario.fixedUrls().forEach(u -> hosts.add(u.getHost()));
            Routes.describe(config.target().services(), networks).ifPresent(line -> out.println("(" + line + ")"));
            HostPolicy policy = new HostPolicy(hosts, config.target().hostOverrides());
            JettyHttpTransport http = started.add("HTTP client", new JettyHttpTransport(metrics, policy,
                    new JettyHttpTransport.Settings(config.target().timeout(), config.target().connectTimeout(), config.target().idleTimeout(), 1, "loadgen/" + Version.VERSION,
                            true, config.target().maxResponseBodyBytes(), networks), Clock.SYSTEM));
            JettyWsTransport socket = started.add("WebSocket client", new JettyWsTransport(http, metrics, ws, policy,
                    config.target().timeout()));
            TryPrinter printer = new TryPrinter(http, metrics, out);
            ScenarioRuntime runtime = new ScenarioRuntime(scenario, new Services(printer, Optional.of(printer.sockets(socket)), metrics, Optional.empty(),
                    config.target(), Clock.SYSTEM, w -> out.println("  warning: " + w)), "try" + Long.toString(System.nanoTime() % 46_656, 36));
            runtime.registerPool(new SplittableRandom(config.seed()));
            UserState user = runtime.newUser(1, new SplittableRandom(config.seed()), chosen.name());
            user.beginSession();
            runtime.beginSession(user);
            out.println("persona " + chosen.name() + ", user 1");
            Map<String, Object> before = Map.of();
            for (String action : order(chosen)) {
                out.println();
                out.println("== " + action);
                runtime.perform(new Action(action), user);
                before = printer.afterAction(runtime.values(user), before);
            }
            out.println();
            out.println("== end of the session (log out)");
            runtime.endSession(user, true);
            printer.afterAction(runtime.values(user), before);
            out.println();
            out.println(printer.verdict());
            return printer.allPassed() ? ExitCodes.OK : ExitCodes.THRESHOLD_FAILED;
        }
    }

    private Population.PersonaSpec persona(RunConfig config) {
        List<Population.PersonaSpec> all = config.population().personas();
        if (persona == null) {
            return all.stream().max(java.util.Comparator.comparingDouble(Population.PersonaSpec::weight)).orElseThrow();
        }
        return all.stream().filter(p -> p.name().equals(persona)).findFirst().orElseThrow(() -> new ConfigException("--persona "
                + persona + ": no such persona in users.mix; personas: " + String.join(", ", all.stream().map(Population.PersonaSpec::name).toList())));
    }

    /** Every action of the persona once, in the order its flow reaches them from the start (breadth first). */
    static List<String> order(Population.PersonaSpec p) {
        return switch (p.flow()) {
            case Population.Flow.Weighted w -> w.actions().stream().filter(a -> a.weight() > 0).map(Population.ActionWeight::action).toList();
            case Population.Flow.Markov m -> {
                Set<String> seen = new LinkedHashSet<>();
                ArrayDeque<String> todo = new ArrayDeque<>(List.of(Population.Flow.Markov.START));
                while (!todo.isEmpty()) {
                    String from = todo.poll();
                    m.rows().getOrDefault(from, List.of()).stream().filter(t -> t.probability() > 0).map(Population.Transition::to)
                            .filter(to -> !to.equals(Population.Flow.Markov.END) && seen.add(to)).forEach(todo::add);
                }
                yield List.copyOf(seen);
            }
        };
    }

    /** What {@code try} prints for one value: secrets (by name, or inside the text) redacted, long text cut. */
    static String show(String name, Object value) {
        if (Redaction.secretKey(name)) {
            return Redaction.REDACTED;
        }
        String s = Redaction.text(String.valueOf(value));
        return s.length() > 200 ? s.substring(0, 200) + "... (" + s.length() + " characters)" : s;
    }

    static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f ms", Duration.ofNanos(nanos).toNanos() / 1e6);
    }
}
