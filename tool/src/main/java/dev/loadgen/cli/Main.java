package dev.loadgen.cli;

import dev.loadgen.demo.DemoCommand;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code loadgen}: runs a load test (the default command) or starts the demo app. Flag values are taken
 * as text and validated by the config layer, so a bad flag and a bad config key get the same kind of
 * one-line message.
 */
@Command(name = "loadgen", versionProvider = Version.class, mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Simulates realistic human users against microservices: sign-ups, logins, feeds, posts, "
                + "likes, follows and WebSocket chat, with think times between actions.",
            "With no target configured it starts the built-in demo app and tests that."},
        footer = {"", "Examples:",
            "  loadgen --users 10 --duration 1m                        quick test against the built-in demo",
            "  loadgen --users 500 --duration 30m --ramp 20/s --config configs/config.yaml",
            "  loadgen --rate 200/s --duration 10m --max-users 2000     open model: sessions arrive at 200/s",
            "  loadgen --url http://127.0.0.1:8080/ --users 50 --think 0 --duration 20s",
            "  loadgen --set target.posts=http://10.0.0.5:8083 --set 'thresholds=[\"posts.p95 < 300ms\"]'",
            "  loadgen demo                                            start the demo services alone",
            "  loadgen report results/2026-11-29T10-00-00/             render report.html again from a results folder",
            "  loadgen merge results/seg-0 results/seg-1 --out results/all   combine the instances of a scaled-out run",
            "  loadgen validate my-api.yaml                            check a scenario without sending anything",
            "  loadgen try my-api.yaml --persona reader                one user through its actions, every exchange shown",
            "",
            "Exit codes: 0 passed, 1 a threshold failed, 2 bad usage or config, 3 aborted, 70 internal error (out of memory, a bug), 130 interrupted.",
            "Every config key can be set with --set key=value; flags beat --set, which beats the file."})
public final class Main implements Callable<Integer> {
    /** The subcommands, in the order the help lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(DemoCommand.class, ReportCommand.class, MergeCommand.class, CompareCommand.class,
            ValidateCommand.class, TryCommand.class, ControlCommand.class);

    /** The self warm-up that {@link #main} began for this run, if it did. */
    Optional<SelfWarm> warming = Optional.empty();

    @Option(names = "--users", paramLabel = "N", description = "Concurrent users (closed model). Default: 10.")
    String users;

    @Option(names = "--duration", paramLabel = "DURATION", description = "How long the load runs, ramp included: 30s, 5m, 1h30m. Default: 1m.")
    String duration;

    @Option(names = "--ramp", paramLabel = "RATE", description = "Users started per second, like 20/s. Default: 10/s.")
    String ramp;

    @Option(names = "--ramp-time", paramLabel = "DURATION", description = "Start the users (or ramp the rate) over this time instead.")
    String rampTime;

    @Option(names = "--rate", paramLabel = "RATE", description = "Open model: sessions arriving per second, like 50/s or 600/m.")
    String rate;

    @Option(names = "--max-users", paramLabel = "N", description = "Open model: at most this many users at once; arrivals beyond are dropped and counted. Default: 1000.")
    String maxUsers;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file (see configs/config.yaml).")
    String config;

    @Option(names = "--chaos", paramLabel = "FILE", description = "Inject faults as the YAML FILE says (a chaos: section, see docs/chaos.md); replaces the config's chaos: section.")
    String chaos;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Set any config key, like target.posts=http://10.0.0.5:8083 (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--url", paramLabel = "URL", description = "Shortcut: every user loops GET URL (no accounts), with --think between requests.")
    String url;

    @Option(names = "--think", paramLabel = "DURATION", description = "Constant think time between actions, like 0 or 5s. Default: log-normal, median 2s, p95 8s.")
    String think;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of every random decision; the same seed and config repeat a run's choices.")
    String seed;

    @Option(names = "--segment", paramLabel = "I/N", description = "Run share I of N instances (execution segment), I from 0, like 2/4.")
    String segment;

    @Option(names = "--start-at", paramLabel = "TIME", description = "Begin the schedule at TIME, the same for every instance of a "
            + "scaled-out run: RFC 3339 (2026-12-07T10:00:00Z) or seconds since 1970 (date +%%s). Early: wait for it; late: join the "
            + "schedule where it stands. Default: LOADGEN_START_AT, else at once.")
    String startAt;

    @Option(names = "--graceful-stop", paramLabel = "DURATION", description = "Time users get to finish their action at the end. Default: 30s.")
    String gracefulStop;

    @Option(names = "--threshold", paramLabel = "EXPR", description = "Pass/fail criterion, like 'posts.p95 < 300ms' or 'errors.rate < 1%%' (repeatable).")
    List<String> thresholds = new ArrayList<>();

    @Option(names = "--abort-on-fail", description = "Stop the run as soon as a threshold fails (checked every second on the figures so far, "
            + "once --abort-grace has passed), write the results as usual and exit 1. count >, max > and rps > can still pass "
            + "until the end, so they are checked at the end only. Per threshold: abort-on-fail: true in the config.")
    boolean abortOnFail;

    @Option(names = "--abort-grace", paramLabel = "DURATION", description = "How long after the start of the load --abort-on-fail waits "
            + "before it can stop the run, so the figures rest on enough requests. Default: 10s.")
    String abortGrace;

    @Option(names = "--baseline", paramLabel = "DIR", description = "Results folder of an earlier run, for thresholds like "
            + "'posts.p95 < baseline + 10%%' (fail only when this run is worse beyond the margin with 95%% confidence).")
    String baseline;

    @Option(names = "--warm-up", paramLabel = "DURATION", description = "The load's first part warms the target up: its requests are "
            + "sent and recorded apart (warm-up/ in the results folder), left out of the summary, thresholds and comparisons. Default: 0.")
    String warmUp;

    @Option(names = "--self-warm", paramLabel = "DURATION", description = "How long loadgen warms its own code on a sink of its own "
            + "before the clock starts (begun at its start, alongside its set-up), so its cold start is not counted as the target's "
            + "latency; 0 = off. Default: 2s.")
    String selfWarm;

    @Option(names = "--out", paramLabel = "DIR", description = "Results folder. Default: results/<start time>/.")
    String out;

    @Option(names = "--quiet", description = "No live progress.")
    boolean quiet;

    @Option(names = "--metrics-port", paramLabel = "N", description = "Prometheus /metrics port; 0 = off. Default: 9464, or a free port (printed) when 9464 is taken.")
    String metricsPort;

    @Option(names = "--remote-write", paramLabel = "URL", description = "Also push the metrics to this Prometheus remote-write URL "
            + "(http://host:9090/api/v1/write) every 5s and at the end, for runs that end before a scrape.")
    String remoteWrite;

    @Option(names = "--dashboard-port", paramLabel = "PORT", description = "Live dashboard port; 0 turns it off. Default: 8089 (a free port if taken).")
    String dashboardPort;

    @Option(names = "--dashboard-bind", paramLabel = "ADDRESS", description = "Address the dashboard listens on. Default: 127.0.0.1; any other needs --dashboard-token.")
    String dashboardBind;

    @Option(names = "--dashboard-token", paramLabel = "TOKEN", description = "Token that dashboard control (users, rate, stop) requires; better from LOADGEN_DASHBOARD_TOKEN in the config file.")
    String dashboardToken;

    public static void main(String[] args) {
        // whatever a message carries, no secret reaches the console (RedactingOutput)
        ColdStart.tellJettyTheReferenceSize();
        System.setOut(RedactingOutput.wrap(System.out));
        System.setErr(RedactingOutput.wrap(System.err));
        Optional<SelfWarm> warming = looksLikeARun(args) ? Optional.of(SelfWarm.begin(System.err)) : Optional.empty();
        int code;
        try {
            code = commandLineFor(args, warming).execute(args);
        } catch (Error e) {
            // picocli hands only exceptions to the handler below; an error (out of memory) would end the JVM with exit 1,
            // the code of a failed threshold
            System.err.println(InternalFailure.describe("loadgen", e, Runtime.getRuntime().maxMemory()));
            e.printStackTrace(System.err);
            code = ExitCodes.INTERNAL_ERROR;
        }
        try {
            // ended already, unless the run stopped before it could (a bad flag or config): ended here
            if (warming.isPresent()) {
                warming.get().close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /**
     * Whether {@code args} are a run's at a glance, before picocli reads them, so that the self warm-up can begin at
     * once: a run's first argument is a flag (a subcommand's name comes first, and a run has no other word of its own),
     * and neither help nor the version is asked for, nor {@code --self-warm 0}. A wrong guess costs a warm-up ended at once.
     */
    static boolean looksLikeARun(String[] args) {
        if (args.length > 0 && !args[0].startsWith("-")) {
            return false;
        }
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) {
                return false;
            }
            String warm = a.startsWith("--self-warm=") ? a.substring("--self-warm=".length())
                    : a.equals("--self-warm") && i + 1 < args.length ? args[i + 1] : "";
            if (warm.trim().matches("0+(\\.0*)?(ms|s|m|h|d)?")) {
                return false;
            }
        }
        return true;
    }

    /**
     * The command line that runs {@code args}: a run's own when they are a run's (no subcommand, no help), else
     * {@link #commandLine()}. picocli builds the model of every subcommand it is given, up front, and those of the seven
     * took a tenth of a second of every run's start (issue 18, goal 3); a run parses its flags twice instead, which is
     * cheap. Anything a run's command line cannot parse goes to the whole one, so errors and their suggestions are its.
     */
    static CommandLine commandLineFor(String[] args, Optional<SelfWarm> warming) {
        Main main = new Main();
        main.warming = warming;
        CommandLine run = handled(new CommandLine(main));
        try {
            CommandLine.ParseResult parsed = run.parseArgs(args);
            if (!parsed.isUsageHelpRequested() && !parsed.isVersionHelpRequested()) {
                return run;
            }
        } catch (CommandLine.ParameterException e) {
            // a subcommand, or a mistake: the whole command line says which
        }
        return commandLine();
    }

    /** loadgen's command line, subcommands included. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        SUBCOMMANDS.forEach(cl::addSubcommand);
        return handled(cl);
    }

    private static CommandLine handled(CommandLine cl) {
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("loadgen: " + ex.getMessage() + " (see loadgen --help)");
            return ExitCodes.BAD_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, command, parsed) -> {
            command.getErr().println("loadgen: internal error (a bug in loadgen; please report it with this trace): " + ex);
            ex.printStackTrace(command.getErr());
            return ExitCodes.INTERNAL_ERROR;
        });
        return cl;
    }

    @Override
    public Integer call() throws Exception {
        return new Runner(RunRequest.from(this), warming).run();
    }
}
