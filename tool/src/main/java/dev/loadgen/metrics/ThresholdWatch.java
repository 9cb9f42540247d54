package dev.loadgen.metrics;

import dev.loadgen.config.Threshold;
import java.util.List;
import java.util.Optional;
import java.util.function.ObjDoubleConsumer;

/**
 * The thresholds marked abort-on-fail, checked while the run goes: at every interval, on the collector's
 * thread, on the whole run's totals so far (the figures its verdict at the end will be computed from, over the
 * time so far), each once its grace period from the start of the load has passed. The first that fails is
 * handed to {@code abort}, once; ending the run is the caller's business.
 *
 * <p>"Fails" means what the verdict would be if the run ended now, as in k6: for a figure that only grows
 * (a count or the max under a limit) that failure is final; for the others (a percentile, a share of
 * errors) it is the best estimate there is, and the grace period is there so that it rests on enough
 * requests. A scope that has had no traffic yet is undecided, not failing, so that an endpoint the users
 * have not reached yet cannot end the run.
 */
public final class ThresholdWatch implements Sink {
    private final List<Threshold> watched;
    private final Totals totals;
    private final ObjDoubleConsumer<ThresholdCheck.Result> abort;
    private boolean fired;

    /**
     * Watches those of {@code thresholds} that are marked abort-on-fail; {@code abort} gets the failed one and the
     * seconds since the start of the load.
     */
    public ThresholdWatch(List<Threshold> thresholds, Totals totals, ObjDoubleConsumer<ThresholdCheck.Result> abort) {
        this.watched = thresholds.stream().filter(t -> t.abortOnFail().isPresent()).toList();
        this.totals = totals;
        this.abort = abort;
    }

    @Override
    public void interval(Snapshot s) {
        // the last snapshot comes once every user has left: nothing is left to abort, and the summary has the verdict
        if (fired || s.last()) {
            return;
        }
        failing(watched, ThresholdCheck.figures(totals), s.elapsedSeconds()).ifPresent(r -> {
            fired = true;
            abort.accept(r, s.elapsedSeconds());
        });
    }

    /**
     * The first of {@code thresholds}, in their order, whose grace period is over at {@code elapsedSeconds} and
     * that fails on {@code figures}, which cover the run's first {@code elapsedSeconds}.
     */
    public static Optional<ThresholdCheck.Result> failing(List<Threshold> thresholds, List<ThresholdCheck.Figures> figures,
                                                          double elapsedSeconds) {
        List<Threshold> due = thresholds.stream()
                .filter(t -> t.abortOnFail().filter(a -> elapsedSeconds * 1e9 >= a.grace().toNanos()).isPresent())
                .toList();
        return ThresholdCheck.evaluate(due, figures, elapsedSeconds).stream()
                .filter(r -> !r.ok() && !Double.isNaN(r.value()))
                .findFirst();
    }
}
