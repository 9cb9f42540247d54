package dev.loadgen.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadgen.config.ChaosConfig;
import dev.loadgen.config.LoadProfile;
import dev.loadgen.config.RunConfig;
import dev.loadgen.config.Values;
import dev.loadgen.engine.Engine;
import dev.loadgen.engine.EngineListener;
import dev.loadgen.engine.EngineResult;
import dev.loadgen.engine.LateJoin;
import dev.loadgen.engine.LoadControl;
import dev.loadgen.metrics.IntervalCollector;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.Sink;
import dev.loadgen.metrics.ThresholdCheck;
import dev.loadgen.metrics.ThresholdWatch;
import dev.loadgen.report.ConfigJson;
import dev.loadgen.report.Counts;
import dev.loadgen.report.RunInfo;
import dev.loadgen.report.WarmUpSplit;
import dev.loadgen.report.HistogramLogs;
import dev.loadgen.report.Progress;
import dev.loadgen.report.Timeline;
import dev.loadgen.time.Clock;
import dev.loadgen.user.Personas;
import dev.loadgen.user.SimulatedUsers;
import dev.loadgen.user.ThinkTimes;
import java.io.IOException;
import java.nio.file.Files;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * The third stage of a run: the users on the engine, every second's figures to the sinks (the progress line,
 * the histogram logs, the timeline, Prometheus, the dashboard), Ctrl-C handled, until the last user left.
 *
 * @param reason    why the load ended
 * @param result    the engine's account of the load (how late it joined, among others), unless an internal failure cut it short
 * @param seconds   from the start of the load until the last user left
 * @param signals   whether the run was interrupted
 * @param warmUp    the counts of the warm-up, taken when it ended, when the run had one ({@code warm-up})
 * @param failure   loadgen's own failure that cut the load short ({@link InternalFailure}), if one did
 */
record Execution(Instant startedAt, Path dir, EngineResult.StopReason reason, Optional<EngineResult> result, double seconds, Signals signals,
                 Optional<ObjectNode> warmUp, Optional<Throwable> failure) {
    /** How long users cut off by an internal failure get to record how they ended, before the results are written. */
    private static final Duration CUT_OFF_WAIT = Duration.ofSeconds(5);

    static Execution run(Components c, PrintStream err) throws IOException, InterruptedException {
        return run(c, err, target -> {});
    }

    /**
     * The load, with {@code control} handed what stops it as a Ctrl-C would, once it exists: how the self warm-up is cut
     * short ({@link SelfWarm#close}).
     */
    static Execution run(Components c, PrintStream err, Consumer<Signals.Target> control) throws IOException, InterruptedException {
        RunConfig config = c.config();
        // with a start time, the run's time axis and duration count from it, for an instance that joins late too
        Instant startedAt = config.startAt().orElseGet(Instant::now);
        Path dir = Runner.resultsDir(config, startedAt);
        config.warnings().forEach(w -> err.println("loadgen: warning: " + w));
        HeapBudget.ofThisJvm().check(HeapBudget.users(config.load())).ifPresent(w -> err.println("loadgen: warning: " + w));
        err.println("loadgen " + Version.VERSION + ": " + describe(config)
                + (config.warmUp().isZero() ? "" : ", the first " + Values.format(config.warmUp()) + " a warm-up kept apart")
                + "; seed " + config.seed() + "; results in " + dir);
        c.observability().describe(config.observe().tracing()).ifPresent(line -> err.println("loadgen: " + line));
        if (c.chaos().isPresent()) {
            err.println("loadgen: chaos on: " + String.join(", ", config.chaos().faults().stream().filter(f -> f.probability() > 0)
                    .map(ChaosConfig.Fault::describe).toList()) + " (counted apart from the target's errors)");
        }
        ConfigJson.write(config, dir);
        c.dashboard().ifPresent(d -> err.println("loadgen: dashboard on " + d.url()
                + (d.port() == config.dashboard().port() ? "" : " (port " + config.dashboard().port() + " is taken)")));

        Personas personas = Personas.of(config.population(), c.catalogue());
        SimulatedUsers users = new SimulatedUsers(c.catalogue(), personas, ThinkTimes.of(config.population().gap()),
                c.metrics().users(), config.seed(), c.observability().tracing());
        InternalFailure failure = new InternalFailure(err);
        Engine engine = new Engine(config.load(), users, Clock.SYSTEM,
                listener(c.metrics(), config.load() instanceof LoadProfile.Open, startedAt, err, failure), c.seeds().split(),
                config.population().thinkSlack());
        failure.onFailure(engine::abort);
        Signals signals = new Signals(err);
        Signals.Target target = new Signals.Target() {
            @Override
            public void stop() {
                engine.stop();
            }

            @Override
            public void abort() {
                engine.abort();
            }
        };
        signals.install(target);
        control.accept(target);
        List<Sink> sinks = new ArrayList<>();
        if (!config.output().quiet()) {
            IntSupplier planned = config.load() instanceof LoadProfile.Closed ? () -> (int) engine.status().target() : () -> 0;
            sinks.add(new Progress(err, isTerminal(), config.load().duration().toSeconds(), config.output().progressInterval().toSeconds(),
                    planned));
        }
        if (config.warmUp().isZero()) {
            sinks.add(new HistogramLogs(dir, startedAt.toEpochMilli()));
        } else {
            // the warm-up's histograms apart, in warm-up/: the results folder's own logs are the measured part's
            sinks.add(new WarmUpSplit(new HistogramLogs(Files.createDirectories(dir.resolve(WarmUpSplit.DIR)), startedAt.toEpochMilli()),
                    new HistogramLogs(dir, startedAt.toEpochMilli())));
        }
        sinks.add(c.observability().expose(c.metrics(), c.ws()));
        sinks.add(new Timeline(dir, engine));
        // the intervals, and the grace of abort-on-fail with them, count from the start of the load, so from once the
        // results files are open (which can take a fifth of a second in a fresh JVM), or from the start time given
        long t0 = config.startAt().map(at -> StartAt.onClock(at, InstantSource.system(), Clock.SYSTEM)).orElseGet(Clock.SYSTEM::nanoTime);
        IntervalCollector collector = new IntervalCollector(c.metrics(), c.ws(), Duration.ofSeconds(1), t0, Clock.SYSTEM,
                w -> err.println("\nloadgen: warning: " + w));
        sinks.forEach(collector::add);
        c.dashboard().ifPresent(d -> collector.add(d.attach(engine, config.load().segment(), collector.totals(), config.thresholds(),
                config.load().duration())));
        if (config.thresholds().stream().anyMatch(t -> t.abortOnFail().isPresent())) {
            collector.add(new ThresholdWatch(config.thresholds(), collector.totals(), (failed, at) -> abort(failed, at, engine, c.metrics(), err)));
        }
        AtomicReference<ObjectNode> warmUp = new AtomicReference<>();
        RunInfo info = new RunInfo(Version.VERSION, startedAt, config.load(), config.seed(), c.targetLabel());
        collector.warmUp(config.warmUp(), () -> warmUp.set(Counts.of(info, (Clock.SYSTEM.nanoTime() - t0) / 1e9, WarmUpSplit.DIR,
                c.metrics(), c.ws())));
        c.chaos().ifPresent(ch -> ch.start(t0));
        EngineResult.StopReason reason;
        Optional<EngineResult> result = Optional.empty();
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler(failure);
        try {
            collector.start();
            result = Optional.of(config.startAt().isPresent() ? engine.run(t0) : engine.run());
            reason = result.get().reason();
        } catch (RuntimeException | Error e) {
            failure.report("the engine", e);
            reason = EngineResult.StopReason.ABORTED;
            long deadline = Clock.SYSTEM.nanoTime() + CUT_OFF_WAIT.toNanos();
            while (engine.runningUsers() > 0 && Clock.SYSTEM.nanoTime() < deadline) {
                Clock.SYSTEM.sleepUntil(Clock.SYSTEM.nanoTime() + 10_000_000L, () -> engine.runningUsers() == 0);
            }
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
        collector.finish();
        return new Execution(startedAt, dir, reason, result, Math.max(0, Clock.SYSTEM.nanoTime() - t0) / 1e9, signals,
                Optional.ofNullable(warmUp.get()), failure.failure());
    }

    /**
     * A threshold with abort-on-fail failed while the load runs: said in one line, kept for the results, and the
     * load stopped gracefully, as a first Ctrl-C does, but reported as aborted. Once the load has ended (its
     * course run, or stopped) there is nothing to abort, and the verdict is the summary's.
     */
    private static void abort(ThresholdCheck.Result failed, double atSeconds, Engine engine, Metrics metrics, PrintStream err) {
        if (engine.status().phase() != LoadControl.Phase.RUNNING) {
            return;
        }
        metrics.abortedBy(failed);
        err.println(String.format(Locale.ROOT, "%nloadgen: aborting the run: threshold '%s' fails at %.0fs with %s so far (abort-on-fail); "
                + "users finish their current action", failed.threshold().expression(), atSeconds, failed.measured()));
        engine.stop(EngineResult.StopReason.ABORTED);
    }

    /**
     * Drops and users' internal errors: counted, and said once each; a late join: said. A user that ran the JVM out of
     * memory (or another error of the JVM's) fails the run: {@code failure} stops the load and the results so far are written.
     */
    private static EngineListener listener(Metrics metrics, boolean open, Instant startAt, PrintStream err, InternalFailure failure) {
        AtomicBoolean warnedDrop = new AtomicBoolean();
        AtomicBoolean warnedFailure = new AtomicBoolean();
        return new EngineListener() {
            @Override
            public void sessionDropped(long arrival) {
                metrics.users().sessionDropped();
                if (warnedDrop.compareAndSet(false, true)) {
                    err.println("\nloadgen: warning: max-users reached, so arriving sessions are dropped (counted in sessions.dropped); "
                            + "raise --max-users or lower --rate");
                }
            }

            @Override
            public void joinedLate(LateJoin join) {
                String caughtUp = open ? join.arrivalsMissed() + " arrivals due before then not sent (a burst no single run sends)"
                        : join.usersAtOnce() + " users due by then started at once to catch up";
                err.println(String.format(Locale.ROOT, "loadgen: joined the run %.1fs after its start time %s: %s; the rest as scheduled, "
                        + "ending with the other instances", join.lateSeconds(), startAt, caughtUp));
            }

            @Override
            public void userFailed(long user, Throwable error) {
                metrics.users().userFailed();
                if (error instanceof VirtualMachineError) {
                    failure.report("simulated user " + user, error);
                    return;
                }
                if (warnedFailure.compareAndSet(false, true)) {
                    err.println("\nloadgen: internal error in simulated user " + user + " (a bug in loadgen; further ones are counted, not shown):");
                    error.printStackTrace(err);
                }
            }
        };
    }

    private static String describe(RunConfig c) {
        return switch (c.load()) {
            case LoadProfile.Closed cl -> cl.peakUsers() + " users (closed model) for " + Values.format(cl.duration())
                    + started(cl) + (cl.segment().count() > 1 ? ", segment " + cl.segment() : "");
            case LoadProfile.Open o -> "sessions arriving at up to " + o.stages().stream().mapToDouble(LoadProfile.Stage::target).max().orElse(0)
                    + "/s (open model, " + o.arrivals().name().toLowerCase(Locale.ROOT) + ", max " + o.maxUsers() + " users) for "
                    + Values.format(o.duration()) + (o.segment().count() > 1 ? ", segment " + o.segment() : "");
        };
    }

    /** How the users start: together, or over the first stage when it ramps to the peak (loadgen's default for --url). */
    private static String started(LoadProfile.Closed cl) {
        LoadProfile.Stage first = cl.stages().getFirst();
        if (cl.stages().size() > 2 || first.target() < cl.peakUsers()) {
            return "";    // a shape of stages speaks for itself
        }
        return first.duration().isZero() ? ", all started at once" : ", started over " + Values.format(first.duration());
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
