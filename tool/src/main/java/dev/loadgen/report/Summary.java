package dev.loadgen.report;

import dev.loadgen.engine.EngineResult;
import dev.loadgen.metrics.ChaosCounters;
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
                      UserCounters users, WsCounters ws, Histogram wsEcho, Histogram wsPeer, List<ThresholdCheck.Result> thresholds,
                      ChaosCounters chaos) {

    public Summary(RunInfo info, double durationSeconds, EngineResult engine, List<EndpointRow> endpoints, UserCounters users,
                   WsCounters ws, Histogram wsEcho, Histogram wsPeer, List<ThresholdCheck.Result> thresholds) {
        this(info, durationSeconds, engine, endpoints, users, ws, wsEcho, wsPeer, thresholds, new ChaosCounters());
    }

    /** The same summary with the run's injected faults and the target's reactions to them. */
    public Summary withChaos(ChaosCounters c) {
        return new Summary(info, durationSeconds, engine, endpoints, users, ws, wsEcho, wsPeer, thresholds, c);
    }

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
        return new Summary(info, durationSeconds, engine, rows, users, ws, totals.wsEcho(), totals.wsPeer(), thresholds);
    }

    public long total(Outcome o) {
        return endpoints.stream().mapToLong(e -> e.outcome(o)).sum();
    }

    /** The target's own errors: every failed request but the injected ones. */
    public long organicErrors() {
        return endpoints.stream().mapToLong(EndpointRow::errors).sum();
    }

    public long requests() {
        return endpoints.stream().mapToLong(EndpointRow::count).sum();
    }

    /** Every request's latency, all endpoints together: the percentiles of the whole run, never an average of the endpoints'. */
    public Histogram allLatency() {
        Histogram h = new Histogram(3);
        endpoints.forEach(e -> h.add(e.latency()));
        return h;
    }

    /** Every message delivery, echo and peer together. */
    public Histogram wsDeliveries() {
        Histogram h = wsEcho.copy();
        h.add(wsPeer);
        return h;
    }

    /**
     * The share of settled deliveries that never came: lost / (delivered + lost). Messages still in flight
     * when the run ended (neither delivered to all nor past the timeout) count in neither.
     */
    public double wsLossRate() {
        long settled = ws.settledTotal();
        return settled == 0 ? 0 : (double) ws.lostTotal() / settled;
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
