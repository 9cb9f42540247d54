package dev.loadgen.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadgen.config.Segment;
import dev.loadgen.config.Threshold;
import dev.loadgen.engine.LoadControl;
import dev.loadgen.metrics.Outcome;
import dev.loadgen.metrics.Snapshot;
import dev.loadgen.metrics.ThresholdCheck;
import dev.loadgen.metrics.Totals;
import dev.loadgen.report.Summary;
import dev.loadgen.report.SummaryJson;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code state} event: the run so far, as the page's header, cards and tables show it. Endpoint rows
 * and thresholds have summary.json's shape (the same code writes both), evaluated on the totals so far,
 * so a threshold's live state is what its verdict would be if the run ended now.
 */
final class StateJson {
    static final ObjectMapper JSON = new ObjectMapper();

    private StateJson() {}

    static ObjectNode of(Snapshot s, Totals totals, List<Threshold> thresholds, double plannedSeconds,
                         LoadControl.Status load, Segment segment, boolean tokenRequired) {
        ObjectNode root = JSON.createObjectNode();
        root.put("elapsedSeconds", s.elapsedSeconds());
        root.put("plannedSeconds", plannedSeconds);
        root.set("control", control(load, segment, tokenRequired));
        long requests = 0;
        long errors = 0;
        long chaos = 0;
        ArrayNode endpoints = root.putArray("endpoints");
        ArrayNode texts = root.putArray("errors");
        for (Totals.EndpointTotal t : totals.endpoints()) {
            if (t.meter().count() == 0) {
                continue;
            }
            Summary.Endpoint row = Summary.Endpoint.of(t.meter(), t.latency(), t.serviceTime());
            SummaryJson.endpoint(endpoints.addObject(), row, s.elapsedSeconds());
            requests += t.meter().count();
            for (Outcome o : Outcome.values()) {
                errors += o.isError() ? t.meter().outcome(o) : 0;
            }
            chaos += t.meter().outcome(Outcome.CHAOS);
            for (Map.Entry<String, Long> e : row.errorTexts().entrySet()) {
                ObjectNode n = texts.addObject();
                n.put("service", t.meter().service());
                n.put("endpoint", t.meter().name());
                n.put("text", e.getKey());
                n.put("count", e.getValue());
            }
        }
        ObjectNode sums = root.putObject("totals");
        sums.put("requests", requests);
        sums.put("errors", errors);
        sums.put("chaos", chaos);
        sums.put("lastRequestsPerSecond", s.requestsPerSecond());
        if (s.requests() > 0) {
            sums.put("lastP95", s.latencyMillis(95));
        }
        sums.put("sessionsCompleted", s.counters().sessionsCompleted());
        sums.put("wsOpen", s.wsOpen());
        sums.put("wsReconnectAttempts", s.counters().wsReconnectAttempts());
        sums.put("wsReconnects", s.counters().wsReconnects());
        SummaryJson.thresholds(root.putArray("thresholds"), ThresholdCheck.evaluate(thresholds, totals, s.elapsedSeconds()));
        return root;
    }

    /**
     * Where the load stands: {@code target} is the whole run's (in a segment too, as the control API takes it),
     * {@code running} this instance's users, {@code segment} its share ({@code 0/1} for a whole run), which is
     * how {@code loadgen control} tells each instance's part of a total.
     */
    static ObjectNode control(LoadControl.Status load, Segment segment, boolean tokenRequired) {
        ObjectNode c = JSON.createObjectNode();
        c.put("model", load.model().name().toLowerCase(Locale.ROOT));
        c.put("target", load.target());
        c.put("running", load.running());
        c.put("phase", load.phase().name().toLowerCase(Locale.ROOT));
        c.put("segment", segment.toString());
        c.put("tokenRequired", tokenRequired);
        return c;
    }
}
