package dev.loadgen.report;

import dev.loadgen.engine.EngineResult;
import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.metrics.Outcome;
import dev.loadgen.metrics.ThresholdCheck;
import dev.loadgen.metrics.Totals;
import dev.loadgen.metrics.UserCounters;
import dev.loadgen.metrics.WsCounters;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Everything the end-of-run outputs show, gathered once: the console table and summary.json read the
 * same figures, so they cannot disagree.
 */
public record Summary(RunInfo info, double durationSeconds, EngineResult engine, List<EndpointRow> endpoints,
                      UserCounters users, WsCounters ws, Histogram wsEcho, List<ThresholdCheck.Result> thresholds) {

    /** One endpoint's figures; latencies in milliseconds. */
    public record EndpointRow(EndpointMeter meter, Histogram latency, Histogram serviceTime) {
        public long count() {
            return meter.count();
        }

        public long outcome(Outcome o) {
            return meter.outcome(o);
        }

        public long errors() {
            long n = 0;
            for (Outcome o : Outcome.values()) {
                if (o.isError()) {
                    n += meter.outcome(o);
                }
            }
            return n;
        }

        public double latencyMs(double percentile) {
            return millis(latency, percentile);
        }
    }

    public static Summary of(RunInfo info, double durationSeconds, EngineResult engine, Totals totals, UserCounters users,
                             WsCounters ws, List<ThresholdCheck.Result> thresholds) {
        List<EndpointRow> rows = totals.endpoints().stream().filter(t -> t.meter().count() > 0)
                .map(t -> new EndpointRow(t.meter(), t.latency(), t.serviceTime())).toList();
        return new Summary(info, durationSeconds, engine, rows, users, ws, totals.wsEcho(), thresholds);
    }

    public long total(Outcome o) {
        return endpoints.stream().mapToLong(e -> e.outcome(o)).sum();
    }

    public long requests() {
        return endpoints.stream().mapToLong(EndpointRow::count).sum();
    }

    public boolean thresholdsHeld() {
        return thresholds.stream().allMatch(ThresholdCheck.Result::ok);
    }

    /** A percentile in milliseconds (-1: mean, 100: max); 0 for an empty histogram. */
    static double millis(Histogram h, double percentile) {
        if (h.getTotalCount() == 0) {
            return 0;
        }
        double micros = percentile < 0 ? h.getMean() : percentile >= 100 ? h.getMaxValue() : h.getValueAtPercentile(percentile);
        return micros / 1000.0;
    }
}
