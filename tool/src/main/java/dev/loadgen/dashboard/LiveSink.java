package dev.loadgen.dashboard;

import dev.loadgen.config.Segment;
import dev.loadgen.config.Threshold;
import dev.loadgen.engine.LoadControl;
import dev.loadgen.metrics.Sink;
import dev.loadgen.metrics.Snapshot;
import dev.loadgen.metrics.Totals;
import dev.loadgen.report.IntervalJson;
import java.util.List;

/**
 * The dashboard as a {@link Sink}: each snapshot becomes an {@code interval} event (the timeline's very
 * line) and a {@code state} event. It runs on the collector's thread once a second and only hands
 * strings to the stream, so pages never slow the run down.
 */
final class LiveSink implements Sink {
    private final EventStream stream;
    private final LoadControl control;
    private final Segment segment;
    private final Totals totals;
    private final List<Threshold> thresholds;
    private final double plannedSeconds;
    private final boolean tokenRequired;
    private volatile String lastState = "{}";

    LiveSink(EventStream stream, LoadControl control, Segment segment, Totals totals, List<Threshold> thresholds, double plannedSeconds,
             boolean tokenRequired) {
        this.stream = stream;
        this.control = control;
        this.segment = segment;
        this.totals = totals;
        this.thresholds = List.copyOf(thresholds);
        this.plannedSeconds = plannedSeconds;
        this.tokenRequired = tokenRequired;
    }

    @Override
    public void interval(Snapshot s) {
        LoadControl.Status status = control.status();
        stream.interval(IntervalJson.encode(s, status));
        lastState = StateJson.of(s, totals, thresholds, plannedSeconds, status, segment, tokenRequired).toString();
        stream.state(lastState);
    }

    /** The latest state event, which the end event repeats with the final summary beside it. */
    String lastState() {
        return lastState;
    }
}
