package dev.loadgen.cli;

import dev.loadgen.config.ConfigException;
import dev.loadgen.config.RunConfig;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.time.Clock;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One run, as a pipeline of stages: {@link RunPlan} (the whole config checked, nothing started), then
 * {@link Components} (everything started, recorded in {@link Started}), {@link Execution} (the load), and
 * {@link Finish} (the results folder, the summary, the verdict). A bad config exits 2 before the first
 * stage starts anything; a target that cannot be reached exits 3; whatever was started is closed in
 * reverse order however the run ends. An unexpected exception is a bug: it propagates to {@link Main},
 * which prints its stack trace and exits 70.
 */
final class Runner {
    private final RunRequest request;
    private final PrintStream out;
    private final PrintStream err;
    private final Seams seams;
    /** The self warm-up when {@link Main#main} began it, before the flags were read; else the run begins its own. */
    private final Optional<SelfWarm> early;

    /**
     * Where tests reach into a run: the span exporter (in memory instead of OTLP), the run's meters once they
     * exist (to stand in for features that feed them), and the record of what was started.
     */
    record Seams(Observability.Exporting exporting, Consumer<Metrics> metrics, Consumer<Started> started) {
        static final Seams NONE = new Seams(Observability.Exporting.OTLP, m -> {}, s -> {});

        Seams(Observability.Exporting exporting, Consumer<Metrics> metrics) {
            this(exporting, metrics, s -> {});
        }
    }

    Runner(RunRequest request) {
        this(request, System.out, System.err);
    }

    Runner(RunRequest request, PrintStream out, PrintStream err) {
        this(request, out, err, Seams.NONE);
    }

    Runner(RunRequest request, PrintStream out, PrintStream err, Seams seams) {
        this(request, out, err, seams, Optional.empty());
    }

    Runner(RunRequest request, Optional<SelfWarm> early) {
        this(request, System.out, System.err, Seams.NONE, early);
    }

    private Runner(RunRequest request, PrintStream out, PrintStream err, Seams seams, Optional<SelfWarm> early) {
        this.request = request;
        this.out = out;
        this.err = err;
        this.seams = seams;
        this.early = early;
    }

    int run() throws IOException, InterruptedException {
        RunPlan plan;
        try {
            plan = RunPlan.resolve(request, System::getenv);
            StartAt.check(plan.config(), Instant.now());
        } catch (ConfigException e) {
            err.println("loadgen: " + e.getMessage());
            return ExitCodes.BAD_USAGE;
        }
        Started started = new Started(err);
        seams.started().accept(started);
        try (started) {
            RunConfig config = plan.config();
            Optional<SelfWarm> warming = early.or(() -> config.selfWarm().isZero() ? Optional.empty() : Optional.of(SelfWarm.begin(err)));
            Components components;
            boolean interrupted;
            try {
                components = Components.start(plan, seams, err, started);
                // said after the start-up, as before: from this line ("Ctrl-C cancels") on, a Ctrl-C gets its own message
                Duration warm = config.startAt().map(at -> StartAt.announce(at, config.selfWarm(), Instant.now(), err))
                        .orElse(config.selfWarm());
                interrupted = warming.isPresent() && warming.get().finish(warm);
            } finally {
                if (warming.isPresent()) {
                    warming.get().close();
                }
            }
            Optional<String> stopped = interrupted ? Optional.of("stopped while loadgen warmed up") : beforeTheClock(config);
            if (stopped.isPresent()) {
                err.println("loadgen: " + stopped.get() + "; no load was sent to the target");
                return ExitCodes.INTERRUPTED;
            }
            Execution execution = Execution.run(components, err);
            return Finish.results(components, execution, out, err);
        } catch (ConfigException e) {
            err.println("loadgen: " + e.getMessage());
            return ExitCodes.BAD_USAGE;
        } catch (StartFailure e) {
            err.println("loadgen: " + e.getMessage());
            return ExitCodes.ABORTED;
        }
    }

    /**
     * After the start-up and the self warm-up, and before the clock: with a start time ({@code --start-at}), the wait for
     * it. Returns what was under way when a Ctrl-C (or SIGTERM) ended it, meant for the whole run.
     */
    private Optional<String> beforeTheClock(RunConfig config) throws InterruptedException {
        Optional<Instant> startAt = config.startAt();
        if (startAt.isPresent()) {
            StartAt.check(config, Instant.now());
            if (StartAt.await(startAt.get(), InstantSource.system(), Clock.SYSTEM, err)) {
                return Optional.of("stopped before the start time");
            }
        }
        return Optional.empty();
    }

    static Path resultsDir(RunConfig c, Instant startedAt) throws IOException {
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
}
