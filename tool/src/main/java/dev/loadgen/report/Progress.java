package dev.loadgen.report;

import dev.loadgen.metrics.Sink;
import dev.loadgen.metrics.Snapshot;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The live progress: on a terminal, one line rewritten every second; otherwise a plain line every
 * {@code every} seconds, which logs keep readable. Goes to stderr, so stdout holds only the summary.
 */
public final class Progress implements Sink {
    private final PrintStream out;
    private final boolean terminal;
    private final double plannedSeconds;
    private final double everySeconds;
    private final java.util.function.IntSupplier plannedUsers;
    private double lastPrinted;
    private long requests;
    private long errors;
    private long chaos;
    private long windowRequests;
    private long windowErrors;
    private double windowSeconds;
    private final org.HdrHistogram.Histogram window = new org.HdrHistogram.Histogram(3);

    /**
     * @param plannedUsers the users the schedule wants now (0: not shown), read at every line, so that a
     *                     change from the dashboard shows at once
     */
    public Progress(PrintStream out, boolean terminal, double plannedSeconds, double everySeconds, java.util.function.IntSupplier plannedUsers) {
        this.out = out;
        this.terminal = terminal;
        this.plannedSeconds = plannedSeconds;
        this.everySeconds = everySeconds;
        this.plannedUsers = plannedUsers;
    }

    @Override
    public void interval(Snapshot s) {
        requests += s.requests();
        errors += s.errors();
        chaos += s.chaos();
        windowRequests += s.requests();
        windowErrors += s.errors();
        windowSeconds += s.intervalSeconds();
        s.endpoints().forEach(e -> window.add(e.latency()));
        if (terminal) {
            out.print("\r" + line(s) + "\u001b[K");
            out.flush();
            reset();
        } else if (s.elapsedSeconds() - lastPrinted >= everySeconds - 0.05 || s.last()) {
            out.println(line(s));
            lastPrinted = s.elapsedSeconds();
            reset();
        }
    }

    private void reset() {
        windowRequests = 0;
        windowErrors = 0;
        windowSeconds = 0;
        window.reset();
    }

    String line(Snapshot s) {
        double p95 = window.getTotalCount() == 0 ? 0 : window.getValueAtPercentile(95) / 1000.0;
        int planned = plannedUsers.getAsInt();
        return String.format(Locale.ROOT, "[%s / %s] users %d%s  req/s %.1f  p95 %s  errors %.2f%%  total %d req, %d errors",
                clock(s.elapsedSeconds()), clock(plannedSeconds), s.activeUsers(), planned > 0 ? "/" + planned : "",
                windowSeconds > 0 ? windowRequests / windowSeconds : 0, ConsoleSummary.ms(p95),
                windowRequests == 0 ? 0 : 100.0 * windowErrors / windowRequests, requests, errors)
                + (chaos > 0 ? ", " + chaos + " chaos" : "");
    }

    private static String clock(double seconds) {
        long t = Math.round(Math.max(0, seconds));
        return t >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60)
                : String.format(Locale.ROOT, "%02d:%02d", t / 60, t % 60);
    }

    @Override
    public void close() {
        if (terminal) {
            out.println();
        }
    }
}
