package dev.loadgen.report;

import dev.loadgen.config.Threshold;
import dev.loadgen.metrics.ThresholdCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Thresholds against a baseline ({@code posts.p95 < baseline + 10%}), judged at the end of a run as
 * {@code loadgen compare} judges a change: both runs' seconds bootstrapped, the interval of the change, and a
 * failure only when the whole interval lies beyond the margin. The level (95 %) holds for all of a run's baseline
 * thresholds together (Bonferroni, as over a compare table), so a build no slower than its baseline fails one
 * at most 5 % of the time however many there are.
 */
final class BaselineCheck {
    private BaselineCheck() {}

    /**
     * The results with every baseline threshold judged against {@code baseline}; the others as they are.
     *
     * @param timeline the folder whose timeline.jsonl holds the run's seconds of counts, empty for a merge
     */
    static List<ThresholdCheck.Result> judge(List<ThresholdCheck.Result> results, RunRecord run, Optional<Path> timeline,
                                             Optional<Path> baseline) {
        long tests = results.stream().filter(r -> r.threshold().baseline().isPresent()).count();
        if (tests == 0) {
            return results;
        }
        Compare.Options o = Compare.Options.DEFAULT;
        Map<String, Compare.Seconds> base;
        Optional<String> missing = baseline.isEmpty() ? Optional.of("no baseline folder was named")
                : Files.isRegularFile(baseline.get().resolve(Counts.FILE)) ? Optional.empty()
                : Optional.of("the baseline folder " + baseline.get() + " is gone");
        if (missing.isPresent()) {
            String why = missing.get();
            return results.stream().map(r -> r.threshold().baseline().isEmpty() ? r
                    : r.judged(new ThresholdCheck.Versus(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, o.level(), why))).toList();
        }
        base = Compare.seconds(baseline.get(), RunRecord.read(baseline.get()));
        Map<String, Compare.Seconds> next = Compare.seconds(timeline.orElse(null), run);
        double z = Compare.normalQuantile(1 - (1 - o.level()) / (2.0 * tests));
        List<ThresholdCheck.Result> out = new ArrayList<>();
        for (ThresholdCheck.Result r : results) {
            Threshold t = r.threshold();
            if (t.baseline().isEmpty()) {
                out.add(r);
                continue;
            }
            Compare.Seconds x = scoped(base, t);
            Compare.Seconds y = scoped(next, t);
            Compare.Change c = Compare.change(x, y, metric(t), z, o, o.seed() ^ t.expression().hashCode());
            String why = x.latency.isEmpty() ? "the baseline has no requests in '" + t.scope() + "'"
                    : t.metric() != Threshold.Metric.LATENCY && (x.counts.isEmpty() || y.counts.isEmpty())
                    ? "a merged run has no seconds of counts for an interval of " + metric(t).label
                    : "not enough data for an interval (each run needs " + Compare.MIN_SECONDS + " seconds and "
                            + Compare.MIN_REQUESTS + " requests in '" + t.scope() + "')";
            out.add(r.judged(new ThresholdCheck.Versus(c.base(), c.next(), c.change(), c.low(), c.high(), o.level(), why)));
        }
        return out;
    }

    /** The seconds of what the threshold looks at: every endpoint, a service's, or every endpoint of that name. */
    private static Compare.Seconds scoped(Map<String, Compare.Seconds> seconds, Threshold t) {
        if (!t.endpointScope() && t.scope().equals("all")) {
            return seconds.getOrDefault("all", new Compare.Seconds());
        }
        List<Compare.Seconds> parts = new ArrayList<>();
        seconds.forEach((key, s) -> {
            int nul = key.indexOf('\u0000');
            if (nul >= 0 && (t.endpointScope() ? key.substring(nul + 1) : key.substring(0, nul)).equals(t.scope())) {
                parts.add(s);
            }
        });
        return parts.size() == 1 ? parts.getFirst() : Compare.union(parts);
    }

    private static Compare.Metric metric(Threshold t) {
        return switch (t.metric()) {
            case ERROR_RATE -> Compare.Metric.ERROR_RATE;
            case RPS -> Compare.Metric.RPS;
            case LATENCY -> t.quantile() < 0 ? Compare.Metric.MEAN : t.quantile() == 50 ? Compare.Metric.P50
                    : t.quantile() == 95 ? Compare.Metric.P95 : Compare.Metric.P99;
            default -> throw new IllegalArgumentException("no baseline comparison for " + t.expression());
        };
    }
}
