package dev.loadgen.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pass/fail criterion such as {@code posts.p95 < 300ms}, {@code errors.rate < 1%},
 * {@code [GET /posts/{id}].p99 <= 1s} or {@code rps > 100}, parsed once and evaluated at the end, and
 * during the run too when it is to abort the run as soon as it fails.
 *
 * @param scope  {@code all}, a service name, or an endpoint name such as {@code GET /posts/{id}}
 * @param metric what is measured
 * @param quantile for {@link Metric#LATENCY}: 0 to 100 (percentile), or -1 for the mean
 * @param limit  milliseconds for latency, a fraction for error rate, a number for rps and count
 * @param abortOnFail present when the run is to stop as soon as this threshold fails (k6's {@code abortOnFail})
 */
public record Threshold(String expression, String scope, boolean endpointScope, Metric metric, double quantile,
                        Comparison comparison, double limit, Optional<Abort> abortOnFail, Optional<Baseline> baseline, Origin origin) {
    public Threshold {
        if (abortOnFail.isPresent() && earlyFailure(metric, quantile, comparison, baseline) == EarlyFailure.UNDECIDABLE) {
            throw new IllegalArgumentException("'" + expression + "' cannot fail before the end: " + whyUndecidable(metric, quantile, baseline));
        }
    }

    /**
     * A limit set by an earlier run rather than a number ({@code posts.p95 < baseline + 10%}): the threshold fails
     * only when this run is worse than the baseline by more than the margin with confidence, the whole interval of
     * the change beyond it (as {@code loadgen compare} judges a change). The margin is relative for latency and
     * throughput ({@code 0.10}: 10 %), in points of the rate for the error rate ({@code 0.01}: one point); it is
     * negative after a minus ({@code rps > baseline - 10%}).
     */
    public record Baseline(double margin) {}

    /** The metrics a baseline can judge: those {@code loadgen compare} measures with an interval. */
    public static final String BASELINE_METRICS = "p50, p95, p99, mean, errors.rate and rps";

    /** Abort the run when the threshold fails at a check made {@code grace} or more after the start of the load. */
    public record Abort(Duration grace) {
        public Abort {
            if (grace.isNegative()) {
                throw new IllegalArgumentException("the grace period must be 0 or more, got " + grace);
            }
        }
    }

    /**
     * What the threshold failing during the run says of its verdict at the end, which is on the whole run's
     * figures. {@code CERTAIN}: the figure only moves one way (a count, the max only grow; the min only
     * falls), and it has crossed the limit it may not cross, so it fails at the end too. {@code LIKELY}: the
     * figure so far (a percentile, the mean, a share, {@code rps <}) is the best estimate of the final one but
     * may still recover, as in k6. {@code UNDECIDABLE}: the figure can still reach its limit at any moment
     * ({@code count >}, {@code max >}, {@code rps >}), so failing so far says nothing of the end.
     */
    public enum EarlyFailure { CERTAIN, LIKELY, UNDECIDABLE }

    public EarlyFailure earlyFailure() {
        return earlyFailure(metric, quantile, comparison, baseline);
    }

    private static EarlyFailure earlyFailure(Metric metric, double quantile, Comparison comparison, Optional<Baseline> baseline) {
        if (baseline.isPresent()) {
            return EarlyFailure.UNDECIDABLE;
        }
        boolean below = comparison == Comparison.LT || comparison == Comparison.LE;
        boolean growing = metric == Metric.COUNT || metric == Metric.LATENCY && quantile >= 100;
        boolean falling = metric == Metric.LATENCY && quantile == 0;
        if (growing || falling) {
            return below == growing ? EarlyFailure.CERTAIN : EarlyFailure.UNDECIDABLE;
        }
        if (metric == Metric.RPS && !below) {
            return EarlyFailure.UNDECIDABLE;
        }
        return EarlyFailure.LIKELY;
    }

    /** For an {@link EarlyFailure#UNDECIDABLE} threshold: why, in words a config error can carry. */
    public String whyUndecidable() {
        return whyUndecidable(metric, quantile, baseline);
    }

    private static String whyUndecidable(Metric metric, double quantile, Optional<Baseline> baseline) {
        if (baseline.isPresent()) {
            return "it is compared with the baseline run at the end, over the whole run's seconds";
        }
        return switch (metric) {
            case COUNT -> "the count only grows, so it can still pass until the last request";
            case RPS -> "more requests can still raise the rate, which is also low while users ramp up";
            default -> quantile == 0 ? "the minimum only falls, so it can still pass until the last request"
                    : "the max only grows, so it can still pass until the last request";
        };
    }

    /** This threshold, aborting the run when it fails after {@code grace}. */
    public Threshold abortingAfter(Duration grace) {
        return new Threshold(expression, scope, endpointScope, metric, quantile, comparison, limit, Optional.of(new Abort(grace)), baseline, origin);
    }

    /**
     * {@code ERROR_RATE} counts the target's own errors only; {@code ERROR_AND_CHAOS_RATE} adds the injected faults;
     * {@code CHECKS_RATE} is the share of the scenario's checks that passed.
     */
    public enum Metric { LATENCY, ERROR_RATE, ERROR_AND_CHAOS_RATE, CHECKS_RATE, RPS, COUNT }

    public enum Comparison {
        LT("<"), LE("<="), GT(">"), GE(">=");

        public final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        public boolean holds(double value, double limit) {
            return switch (this) {
                case LT -> value < limit;
                case LE -> value <= limit;
                case GT -> value > limit;
                case GE -> value >= limit;
            };
        }
    }

    private static final Pattern FORM = Pattern.compile("\\s*(.+?)\\s*(<=|>=|<|>)\\s*(.+?)\\s*");
    private static final Pattern BASELINE = Pattern.compile("baseline(?:\\s*([+-])\\s*(.+))?");
    private static final Pattern LATENCY = Pattern.compile("(?:^|\\.)(mean|max|p(\\d+(?:\\.\\d+)?))$");
    private static final String HELP = "; write it like 'posts.p95 < 300ms', 'errors.rate < 1%' or '[GET /posts/{id}].p99 < 1s'";

    public static Threshold parse(String expression, Origin origin) {
        Matcher m = FORM.matcher(expression);
        if (!m.matches()) {
            throw new ConfigException(origin, "threshold '" + expression + "' has no comparison (<, <=, >, >=)" + HELP);
        }
        String left = m.group(1);
        Comparison cmp = switch (m.group(2)) {
            case "<" -> Comparison.LT;
            case "<=" -> Comparison.LE;
            case ">" -> Comparison.GT;
            default -> Comparison.GE;
        };
        String value = m.group(3);
        String scope = "all";
        boolean endpoint = false;
        if (left.startsWith("[")) {
            int close = left.indexOf("].");
            if (close < 0) {
                throw new ConfigException(origin, "threshold '" + expression + "': an endpoint scope is written [METHOD /path].metric" + HELP);
            }
            scope = left.substring(1, close).trim();
            endpoint = true;
            left = left.substring(close + 2);
        }
        String what = "threshold '" + expression + "'";
        Metric metric;
        double quantile = 0;
        String rest;
        Matcher lat = LATENCY.matcher(left);
        if (left.equals("errors-and-chaos.rate") || left.endsWith(".errors-and-chaos.rate")) {
            metric = Metric.ERROR_AND_CHAOS_RATE;
            rest = left.substring(0, left.length() - "errors-and-chaos.rate".length());
        } else if (left.equals("checks.rate") || left.endsWith(".checks.rate")) {
            metric = Metric.CHECKS_RATE;
            rest = left.substring(0, left.length() - "checks.rate".length());
        } else if (left.equals("errors.rate") || left.endsWith(".errors.rate")) {
            metric = Metric.ERROR_RATE;
            rest = left.substring(0, left.length() - "errors.rate".length());
        } else if (left.equals("rps") || left.endsWith(".rps")) {
            metric = Metric.RPS;
            rest = left.substring(0, left.length() - "rps".length());
        } else if (left.equals("count") || left.endsWith(".count")) {
            metric = Metric.COUNT;
            rest = left.substring(0, left.length() - "count".length());
        } else if (lat.find()) {
            metric = Metric.LATENCY;
            quantile = switch (lat.group(1)) {
                case "mean" -> -1;
                case "max" -> 100;
                default -> Double.parseDouble(lat.group(2));
            };
            if (quantile > 100) {
                throw new ConfigException(origin, what + ": a percentile goes from p0 to p100" + HELP);
            }
            rest = left.substring(0, lat.start());
        } else {
            throw new ConfigException(origin, what + ": unknown metric in '" + left
                    + "'; use p50, p90, p95, p99, mean, max, errors.rate, errors-and-chaos.rate, checks.rate, rps or count" + HELP);
        }
        rest = rest.endsWith(".") ? rest.substring(0, rest.length() - 1) : rest;
        if (!rest.isEmpty()) {
            if (endpoint) {
                throw new ConfigException(origin, what + ": write [METHOD /path].metric with nothing between" + HELP);
            }
            scope = rest;
        }
        Matcher base = BASELINE.matcher(value);
        if (base.matches()) {
            return againstBaseline(expression, scope, endpoint, metric, quantile, cmp, base, origin);
        }
        if (value.contains(" ")) {
            throw new ConfigException(origin, what + ": '" + value + "' is not a limit; write a number like 300ms or 1%, "
                    + "or compare with an earlier run like 'baseline + 10%'" + HELP);
        }
        double limit = switch (metric) {
            case LATENCY -> Values.duration(value, origin, what).toNanos() / 1e6;
            case ERROR_RATE, ERROR_AND_CHAOS_RATE, CHECKS_RATE -> Values.fraction(value, origin, what);
            case RPS -> Values.ratePerSecond(value, origin, what);
            case COUNT -> number(value, origin, what);
        };
        return new Threshold(expression.trim(), scope, endpoint, metric, quantile, cmp, limit, Optional.empty(), Optional.empty(), origin);
    }

    /** {@code baseline}, {@code baseline + 10%}, {@code baseline - 5%}: checked for a metric and direction a baseline can judge. */
    private static Threshold againstBaseline(String expression, String scope, boolean endpoint, Metric metric, double quantile,
                                             Comparison cmp, Matcher base, Origin origin) {
        String what = "threshold '" + expression.trim() + "'";
        boolean latency = metric == Metric.LATENCY && (quantile == 50 || quantile == 95 || quantile == 99 || quantile == -1);
        if (!latency && metric != Metric.ERROR_RATE && metric != Metric.RPS) {
            throw new ConfigException(origin, what + ": a baseline judges " + BASELINE_METRICS
                    + " (what loadgen compare measures with an interval); use one of them, or a fixed limit like 'p90 < 300ms'");
        }
        boolean below = cmp == Comparison.LT || cmp == Comparison.LE;
        if (below == (metric == Metric.RPS)) {
            throw new ConfigException(origin, what + ": a regression is " + (metric == Metric.RPS ? "a fall" : "a rise")
                    + " of this metric; write it like " + (metric == Metric.RPS ? "'rps > baseline - 10%'" : "'p95 < baseline + 10%'"));
        }
        double margin = 0;
        if (base.group(1) != null) {
            String m = base.group(2).trim();
            if (!m.endsWith("%")) {
                throw new ConfigException(origin, what + ": the margin '" + m + "' must be a percentage, like 'baseline + 10%'"
                        + (metric == Metric.ERROR_RATE ? " (points of the error rate: 'errors.rate < baseline + 0.5%')" : ""));
            }
            double v;
            try {
                v = Double.parseDouble(m.substring(0, m.length() - 1).trim()) / 100;
            } catch (NumberFormatException e) {
                throw new ConfigException(origin, what + ": the margin '" + m + "' is not a percentage; write it like 'baseline + 10%'");
            }
            if (!(v >= 0) || metric != Metric.ERROR_RATE && base.group(1).equals("-") && v >= 1) {
                throw new ConfigException(origin, what + ": the margin '" + m + "' is out of range; write it like 'baseline + 10%'");
            }
            margin = base.group(1).equals("-") ? -v : v;
        }
        return new Threshold(expression.trim(), scope, endpoint, metric, quantile, cmp, Double.NaN, Optional.empty(),
                Optional.of(new Baseline(margin)), origin);
    }

    private static double number(String v, Origin origin, String what) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(origin, what + ": '" + v + "' is not a number");
        }
    }
}
