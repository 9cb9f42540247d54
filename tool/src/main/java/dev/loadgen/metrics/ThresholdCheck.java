package dev.loadgen.metrics;

import dev.loadgen.config.Threshold;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/** Evaluates the configured thresholds against the run's totals. */
public final class ThresholdCheck {
    private ThresholdCheck() {}

    /**
     * A threshold's verdict; {@code value} is NaN when nothing matched its scope, which fails it.
     * {@code abortedRun}: it failed during the run, and being marked abort-on-fail, ended the run there; it
     * then fails whatever its value at the end. {@code versus}: for a threshold against a baseline, how this
     * run compares with it; empty until it is judged at the end of the run (live, such a threshold holds).
     */
    public record Result(Threshold threshold, double value, boolean ok, boolean abortedRun, Optional<Versus> versus) {
        public Result(Threshold threshold, double value, boolean ok) {
            this(threshold, value, ok, false, Optional.empty());
        }

        /** This verdict for a threshold that aborted the run. */
        public Result abortingTheRun() {
            return new Result(threshold, value, false, true, versus);
        }

        /** This threshold judged against the baseline. */
        public Result judged(Versus v) {
            return new Result(threshold, value, v.holds(threshold), abortedRun, Optional.of(v));
        }

        public String describe() {
            return (ok ? "ok    " : "FAILED") + "  " + threshold.expression() + "  (" + measured() + ")"
                    + (abortedRun ? "  aborted the run" : "");
        }

        /**
         * The measured value in the threshold's unit ({@code 812.0ms}, {@code 4.81%}), or why there is none; against a
         * baseline, with the baseline's value and the change's interval.
         */
        public String measured() {
            String own = Double.isNaN(value) ? (threshold.metric() == Threshold.Metric.CHECKS_RATE ? "no checks judged in '"
                : "no requests matched '") + threshold.scope() + "'" : format(threshold.metric(), value);
            if (threshold.baseline().isEmpty() || Double.isNaN(value)) {
                return own;
            }
            return versus.map(v -> v.describe(threshold, own)).orElse(own + ", compared with the baseline at the end");
        }
    }

    static String format(Threshold.Metric metric, double value) {
        return switch (metric) {
            case LATENCY -> String.format(Locale.ROOT, "%.1fms", value);
            case ERROR_RATE, ERROR_AND_CHAOS_RATE, CHECKS_RATE -> String.format(Locale.ROOT, "%.2f%%", value * 100);
            case RPS -> String.format(Locale.ROOT, "%.1f/s", value);
            case COUNT -> String.format(Locale.ROOT, "%.0f", value);
        };
    }

    /**
     * How a run compares with its baseline for one threshold: the baseline's value and this run's as the comparison
     * reads them (from the seconds both runs recorded), the change (relative for latency and throughput, in points for
     * the error rate: 0.5 is half a point) and its interval at {@code level}; the interval is NaN when there is
     * none ({@code why} says what is missing).
     */
    public record Versus(double base, double next, double change, double low, double high, double level, String why) {
        /**
         * Whether the threshold holds: it fails only when the whole interval lies beyond the margin, in the
         * direction of a regression (up for latency and errors, down for throughput); without an interval, it fails.
         */
        boolean holds(Threshold t) {
            if (Double.isNaN(low) || Double.isNaN(high)) {
                return false;
            }
            return t.metric() == Threshold.Metric.RPS ? high >= margin(t) : low <= margin(t);
        }

        String describe(Threshold t, String own) {
            String base = Double.isNaN(this.base) ? "none" : format(t.metric(), this.base);
            String mine = Double.isNaN(next) ? own : format(t.metric(), next);
            if (Double.isNaN(low) || Double.isNaN(high)) {
                return mine + " vs " + base + " in the baseline: " + why;
            }
            return String.format(Locale.ROOT, "%s vs %s in the baseline: %s, %.0f%% interval %s…%s", mine, base, change(t, change),
                    level * 100, change(t, low), change(t, high)) + (tooWide(t) ? "; too wide to tell a change of "
                    + change(t, Math.max(Math.abs(margin(t)), floor(t))).substring(1) + ": run longer, or with more users" : "");
        }

        /**
         * Whether the interval is so wide that only a change of more than twice the margin (or 5 %, or 0.1 point)
         * could fail the threshold: a gate that cannot close, which a user should hear of.
         */
        public boolean tooWide(Threshold t) {
            return (high - low) / 2 > Math.max(Math.abs(margin(t)), floor(t));
        }

        private static double margin(Threshold t) {
            return t.baseline().orElseThrow().margin() * (t.metric() == Threshold.Metric.ERROR_RATE ? 100 : 1);
        }

        private static double floor(Threshold t) {
            return t.metric() == Threshold.Metric.ERROR_RATE ? 0.1 : 0.05;
        }

        private static String change(Threshold t, double c) {
            return t.metric() == Threshold.Metric.ERROR_RATE ? String.format(Locale.ROOT, "%+.2f pt", c)
                    : String.format(Locale.ROOT, "%+.1f%%", c * 100);
        }
    }

    /**
     * What a threshold looks at for one endpoint: its request count, failed outcomes (every one but ok
     * and chaos), requests marked chaos, checks passed and failed, and latency histogram (microseconds).
     */
    public record Figures(String service, String endpoint, long count, long errors, long chaos, long checksPassed, long checksFailed,
                          Histogram latency) {}

    public static List<Result> evaluate(List<Threshold> thresholds, Totals totals, double durationSeconds) {
        return evaluate(thresholds, figures(totals), durationSeconds);
    }

    /** Each endpoint's figures in the run so far. */
    static List<Figures> figures(Totals totals) {
        List<Figures> figures = new ArrayList<>();
        for (Totals.EndpointTotal e : totals.endpoints()) {
            EndpointMeter m = e.meter();
            long errors = 0;
            for (Outcome o : Outcome.values()) {
                if (o.isError()) {
                    errors += m.outcome(o);
                }
            }
            long passed = m.checks().values().stream().mapToLong(CheckCounter::passedCount).sum();
            long failed = m.checks().values().stream().mapToLong(CheckCounter::failedCount).sum();
            figures.add(new Figures(m.service(), m.name(), m.count(), errors, m.outcome(Outcome.CHAOS), passed, failed, e.latency()));
        }
        return figures;
    }

    /** The thresholds checked on per-endpoint figures (a run's own, or several runs' merged). */
    public static List<Result> evaluate(List<Threshold> thresholds, List<Figures> endpoints, double durationSeconds) {
        List<Result> out = new ArrayList<>();
        for (Threshold t : thresholds) {
            double v = value(t, endpoints, durationSeconds);
            // against a baseline: held until it is judged at the end on both runs' seconds (report.BaselineCheck)
            boolean ok = !Double.isNaN(v) && (t.baseline().isPresent() || t.comparison().holds(v, t.limit()));
            out.add(new Result(t, v, ok));
        }
        return out;
    }

    private static double value(Threshold t, List<Figures> endpoints, double seconds) {
        List<Figures> matched = endpoints.stream().filter(e -> matches(t, e)).toList();
        long count = matched.stream().mapToLong(Figures::count).sum();
        if (matched.isEmpty() || count == 0 && t.metric() != Threshold.Metric.COUNT) {
            return Double.NaN;
        }
        return switch (t.metric()) {
            case CHECKS_RATE -> {
                long passed = matched.stream().mapToLong(Figures::checksPassed).sum();
                long judged = passed + matched.stream().mapToLong(Figures::checksFailed).sum();
                yield judged == 0 ? Double.NaN : (double) passed / judged;
            }
            case COUNT -> count;
            case RPS -> seconds <= 0 ? 0 : count / seconds;
            case ERROR_RATE, ERROR_AND_CHAOS_RATE -> {
                long errors = matched.stream().mapToLong(Figures::errors).sum();
                long chaos = matched.stream().mapToLong(Figures::chaos).sum();
                yield t.metric() == Threshold.Metric.ERROR_AND_CHAOS_RATE ? (double) (errors + chaos) / count
                        : count - chaos == 0 ? 0 : (double) errors / (count - chaos);
            }
            case LATENCY -> {
                Histogram h = new Histogram(3);
                matched.forEach(e -> h.add(e.latency()));
                if (h.getTotalCount() == 0) {
                    yield Double.NaN;
                }
                double micros = t.quantile() < 0 ? h.getMean() : t.quantile() >= 100 ? h.getMaxValue() : h.getValueAtPercentile(t.quantile());
                yield micros / 1000.0;
            }
        };
    }

    private static boolean matches(Threshold t, Figures e) {
        if (t.endpointScope()) {
            return t.scope().equals(e.endpoint());
        }
        return t.scope().equals("all") || t.scope().equals(e.service());
    }
}
