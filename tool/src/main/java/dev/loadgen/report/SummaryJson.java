package dev.loadgen.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.loadgen.metrics.ChaosCounters;
import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.metrics.Outcome;
import dev.loadgen.metrics.ThresholdCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * {@code summary.json}: the stable contract CI pipelines parse (DESIGN.md §1). Field names never change;
 * new fields may be added. Every outcome key is always present, so a parser never meets a missing one.
 */
public final class SummaryJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SummaryJson() {}

    public static void write(Summary s, Path file) throws IOException {
        Files.writeString(file, render(s) + "\n");
    }

    public static String render(Summary s) {
        ObjectNode root = JSON.createObjectNode();
        root.put("loadgen", s.info().version());
        root.put("startedAt", s.info().startedAt().toString());
        root.put("durationSeconds", round(s.durationSeconds(), 3));
        root.put("model", s.info().model());
        root.put("seed", s.info().seed());
        root.put("segment", s.info().load().segment().toString());
        root.put("target", s.info().target());
        root.put("stopReason", s.engine().reason().name().toLowerCase(java.util.Locale.ROOT));
        ObjectNode totals = root.putObject("totals");
        totals.put("requests", s.requests());
        totals.put("ok", s.total(Outcome.OK));
        totals.put("httpErrors", s.total(Outcome.HTTP_ERROR));
        totals.put("timeouts", s.total(Outcome.TIMEOUT));
        totals.put("connectErrors", s.total(Outcome.CONNECT_ERROR));
        totals.put("chaos", s.total(Outcome.CHAOS));
        totals.put("interrupted", s.total(Outcome.INTERRUPTED));
        totals.put("organicErrors", s.organicErrors());
        latency(root.putObject("latencyMs"), s.allLatency());
        var endpoints = root.putArray("endpoints");
        for (Summary.EndpointRow e : s.endpoints()) {
            endpoint(endpoints.addObject(), e.meter(), e.latency(), e.serviceTime(), s.durationSeconds());
        }
        ObjectNode users = root.putObject("users");
        users.put("started", s.users().started());
        users.put("peak", s.users().peak());
        ObjectNode byPersona = users.putObject("byPersona");
        s.users().startedByPersona().forEach(byPersona::put);
        ObjectNode sessions = root.putObject("sessions");
        sessions.put("completed", s.users().completed());
        sessions.put("abandoned", s.users().abandoned());
        sessions.put("dropped", s.users().dropped());
        ObjectNode sessionsByPersona = sessions.putObject("byPersona");
        s.users().startedByPersona().keySet().forEach(p -> {
            ObjectNode n = sessionsByPersona.putObject(p);
            n.put("completed", s.users().completedByPersona().getOrDefault(p, 0L));
            n.put("abandoned", s.users().abandonedByPersona().getOrDefault(p, 0L));
        });
        ObjectNode ws = root.putObject("ws");
        ws.put("connections", s.ws().openedTotal());
        ws.put("sent", s.ws().sentTotal());
        ws.put("received", s.ws().receivedTotal());
        ws.put("lost", s.ws().lostTotal());
        ws.put("deliveries", s.ws().settledTotal());
        ws.put("lossRate", round(s.wsLossRate(), 6));
        delivery(ws.putObject("deliveryMs"), s.wsDeliveries(), false);
        ObjectNode byPath = ws.putObject("byPath");
        delivery(byPath.putObject("echo"), s.wsEcho(), true);
        delivery(byPath.putObject("peer"), s.wsPeer(), true);
        chaos(root.putObject("chaos"), s.chaos());
        thresholds(root.putArray("thresholds"), s.thresholds());
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One endpoint's row over {@code seconds}; the dashboard's live table uses the same shape. */
    public static void endpoint(ObjectNode n, EndpointMeter meter, Histogram latency, Histogram serviceTime, double seconds) {
        n.put("service", meter.service());
        n.put("endpoint", meter.name());
        n.put("count", meter.count());
        n.put("requestsPerSecond", seconds > 0 ? round(meter.count() / seconds, 3) : 0);
        ObjectNode byStatus = n.putObject("byStatus");
        for (int code : meter.statusesSeen()) {
            byStatus.put(Integer.toString(code), meter.status(code));
        }
        ObjectNode byOutcome = n.putObject("byOutcome");
        for (Outcome o : Outcome.values()) {
            byOutcome.put(o.label, meter.outcome(o));
        }
        latency(n.putObject("latencyMs"), latency);
        latency(n.putObject("serviceTimeMs"), serviceTime);
    }

    /** Threshold verdicts; {@code value} is null when nothing matched the scope. */
    public static void thresholds(ArrayNode out, List<ThresholdCheck.Result> results) {
        for (ThresholdCheck.Result r : results) {
            ObjectNode t = out.addObject();
            t.put("expression", r.threshold().expression());
            t.put("ok", r.ok());
            if (Double.isNaN(r.value())) {
                t.putNull("value");
            } else {
                t.put("value", round(r.value(), 6));
            }
        }
    }

    /** Injected faults by kind, and per kind how the target reacted: expected, or not (with those statuses). */
    private static void chaos(ObjectNode n, ChaosCounters c) {
        n.put("injected", c.injectedTotal());
        ObjectNode byKind = n.putObject("byKind");
        c.byKind().forEach(byKind::put);
        ObjectNode reactions = n.putObject("reactions");
        c.reactions().forEach((kind, r) -> {
            ObjectNode k = reactions.putObject(kind);
            k.put("expected", r.expected());
            k.put("unexpected", r.unexpected());
            ObjectNode statuses = k.putObject("unexpectedByStatus");
            r.unexpectedByStatus().forEach((status, count) -> statuses.put(Integer.toString(status), count));
        });
    }

    private static void delivery(ObjectNode n, Histogram h, boolean count) {
        if (count) {
            n.put("count", h.getTotalCount());
        }
        n.put("p50", round(Summary.millis(h, 50), 3));
        n.put("p95", round(Summary.millis(h, 95), 3));
        n.put("p99", round(Summary.millis(h, 99), 3));
    }

    static void latency(ObjectNode n, Histogram h) {
        n.put("mean", round(Summary.millis(h, -1), 3));
        n.put("p50", round(Summary.millis(h, 50), 3));
        n.put("p90", round(Summary.millis(h, 90), 3));
        n.put("p95", round(Summary.millis(h, 95), 3));
        n.put("p99", round(Summary.millis(h, 99), 3));
        n.put("max", round(Summary.millis(h, 100), 3));
    }

    static double round(double v, int places) {
        double scale = Math.pow(10, places);
        return Math.round(v * scale) / scale;
    }
}
