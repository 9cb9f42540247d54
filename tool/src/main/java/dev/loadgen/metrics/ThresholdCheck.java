package dev.loadgen.metrics;

import dev.loadgen.config.Threshold;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/** Evaluates the configured thresholds against the run's totals. */
public final class ThresholdCheck {
    private ThresholdCheck() {}

    /**
     * A threshold's verdict; {@code value} is NaN when nothing matched its scope, which fails it.
     * {@code abortedRun}: it failed during the run, and being marked abort-on-fail, ended the run there; it
     * then fails whatever its value at the end.
     */
    public record Result(Threshold threshold, double value, boolean ok, boolean abortedRun) {
        public Result(Threshold threshold, double value, boolean ok) {
            this(threshold, value, ok, false);
        }

        /** This verdict for a threshold that aborted the run. */
        public Result abortingTheRun() {
            return new Result(threshold, value, false, true);
        }

        public String describe() {
            return (ok ? "ok    " : "FAILED") + "  " + threshold.expression() + "  (" + measured() + ")"
                    + (abortedRun ? "  aborted the run" : "");
        }

        /** The measured value in the threshold's unit ({@code 812.0ms}, {@code 4.81%}), or why there is none. */
        public String measured() {
            return Double.isNaN(value) ? (threshold.metric() == Threshold.Metric.CHECKS_RATE ? "no checks judged in '"
                : "no requests matched '") + threshold.scope() + "'" : switch (threshold.metric()) {
                case LATENCY -> String.format(java.util.Locale.ROOT, "%.1fms", value);
                case ERROR_RATE, ERROR_AND_CHAOS_RATE, CHECKS_RATE -> String.format(java.util.Locale.ROOT, "%.2f%%", value * 100);
                case RPS -> String.format(java.util.Locale.ROOT, "%.1f/s", value);
                case COUNT -> String.format(java.util.Locale.ROOT, "%.0f", value);
            };
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
            out.add(new Result(t, v, !Double.isNaN(v) && t.comparison().holds(v, t.limit())));
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
