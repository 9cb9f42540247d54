package dev.loadgen.cli;

import dev.loadgen.config.ConfigException;
import dev.loadgen.config.RunConfig;
import dev.loadgen.config.Values;
import dev.loadgen.time.Clock;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code --start-at}: the moment at which every instance of a scaled-out run begins its schedule, so that their ramps,
 * stages and chaos windows line up however far apart the instances were started (pods are scheduled, pull their image
 * and start their JVM at different times). An instance that is early warms itself up ({@link SelfWarm}) and waits; one
 * that is late joins the schedule where it stands ({@link dev.loadgen.engine.Engine#run(long)}). The run's clock, the
 * time axis of its results and its duration all count from the moment, so a late instance ends with the others, and
 * {@code loadgen merge} lines their seconds up.
 */
final class StartAt {
    /**
     * The wait ends this long before the start time: meanwhile the run opens its results folder and logs, and the engine
     * then waits for the rest to the nanosecond. That takes a fifth of a second in a fresh JVM, but every instance does
     * it in the same second before the start: four of them on two busy cores (load average 11) took 3.5 s, and began
     * 2.5 s late with a margin of 1 s. A Ctrl-C in this margin ends the run as one during the load does, with its
     * (empty) results written.
     */
    static final Duration SET_UP = Duration.ofSeconds(3);
    /** What the self warm-up takes beyond the time it warms for: its own start-up and graceful stop. */
    static final Duration WARM_OVERHEAD = Duration.ofSeconds(1);
    /** A shorter warm-up than this would not warm the code enough to be worth its cost. */
    static final Duration MIN_WARM = Duration.ofMillis(500);

    private StartAt() {}

    /**
     * A start time so far in the past that the run it gives would be over already is a mistake (a value left from an
     * earlier run, or a clock far off): a one-line error with the fix, rather than a run of nothing.
     */
    static void check(RunConfig config, Instant now) {
        config.startAt().ifPresent(at -> {
            Duration length = config.load().duration();
            Instant end = at.plus(length);
            if (!end.isAfter(now)) {
                throw new ConfigException("the start time " + at + " (--start-at, load.start-at or " + RunConfig.START_AT_VARIABLE + ") was "
                        + Values.format(Duration.between(at, now).truncatedTo(ChronoUnit.SECONDS)) + " ago: the run's " + Values.format(length)
                        + " were over at " + end + "; give a time to come, the same for every instance, like "
                        + now.plus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS));
            }
        });
    }

    /**
     * Says when the load starts, and returns how long the self warm-up can last so as to end before it, {@link #SET_UP}
     * included: the configured time when it fits, less when only that fits, none when less than {@link #MIN_WARM} fits. An
     * instance that is already late does not warm up: every second of it would be a second later into the run.
     */
    static Duration announce(Instant at, Duration selfWarm, Instant now, PrintStream err) {
        Duration until = Duration.between(now, at);
        if (until.isNegative()) {
            return Duration.ZERO;
        }
        Duration room = until.minus(SET_UP).minus(WARM_OVERHEAD);
        Duration warm = room.compareTo(selfWarm) >= 0 ? selfWarm : room.compareTo(MIN_WARM) >= 0 ? room.truncatedTo(ChronoUnit.MILLIS) : Duration.ZERO;
        String how = selfWarm.isZero() || warm.equals(selfWarm) ? "" : warm.isZero()
                ? "; too soon for the self warm-up, so the first seconds may show loadgen's own cold start"
                : "; the self warm-up shortened to " + Values.format(warm) + " to end before it";
        err.println(String.format(Locale.ROOT, "loadgen: the load starts at %s, in %.1fs (--start-at)%s; Ctrl-C cancels", at,
                until.toNanos() / 1e9, how));
        return warm;
    }

    /**
     * Waits until {@link #SET_UP} before {@code at}. Ctrl-C (or SIGTERM) ends the wait; returns whether one did, which is
     * meant for the whole run.
     */
    static boolean await(Instant at, InstantSource wall, Clock clock, PrintStream err) throws InterruptedException {
        Thread waiter = Thread.currentThread();
        Signals signals = new Signals(err);
        signals.install(new Signals.Target() {
            @Override
            public void stop() {
                LockSupport.unpark(waiter);
            }

            @Override
            public void abort() {
                LockSupport.unpark(waiter);
            }

            @Override
            public String stopNotice() {
                return "";
            }
        });
        clock.sleepUntil(onClock(at.minus(SET_UP), wall, clock), signals::interrupted);
        return signals.interrupted();
    }

    /** Where {@code at} on the wall clock falls on {@code clock}: as far from its now as {@code at} is from the wall clock's. */
    static long onClock(Instant at, InstantSource wall, Clock clock) {
        return clock.nanoTime() + Duration.between(wall.instant(), at).toNanos();
    }
}
