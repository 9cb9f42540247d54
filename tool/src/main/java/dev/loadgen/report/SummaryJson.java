package dev.loadgen.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
        try {
            return JSON.writeValueAsString(tree(s));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The summary as a JSON tree, for a merge to add its own block to. */
    public static ObjectNode tree(Summary s) {
        ObjectNode root = JSON.createObjectNode();
        Summary.Run run = s.run();
        root.put("loadgen", run.version());
        root.put("startedAt", run.startedAt().toString());
        root.put("durationSeconds", round(run.durationSeconds(), 3));
        if (run.warmUpSeconds() > 0) {
            root.put("warmUpSeconds", round(run.warmUpSeconds(), 3));
        }
        root.put("model", run.model());
        run.seed().ifPresentOrElse(seed -> root.put("seed", seed), () -> root.putNull("seed"));
        root.put("segment", run.segment());
        root.put("target", run.target());
        root.put("stopReason", run.stopReason());
        run.lateJoin().ifPresent(j -> {
            ObjectNode late = root.putObject("lateJoin");
            late.put("lateSeconds", round(j.lateSeconds(), 3));
            late.put("usersStartedAtOnce", j.usersAtOnce());
            late.put("arrivalsMissed", j.arrivalsMissed());
        });
        run.aborted().ifPresent(why -> root.put("aborted", why));
        if (run.lag().getTotalCount() > 0) {
            latency(root.putObject("lagMs"), run.lag());
        }
        ObjectNode totals = root.putObject("totals");
        totals.put("requests", s.requests());
        totals.put("ok", s.total(Outcome.OK));
        totals.put("httpErrors", s.total(Outcome.HTTP_ERROR));
        totals.put("timeouts", s.total(Outcome.TIMEOUT));
        totals.put("connectErrors", s.total(Outcome.CONNECT_ERROR));
        totals.put("tlsErrors", s.total(Outcome.TLS_ERROR));
        totals.put("resets", s.total(Outcome.RESET));
        totals.put("chaos", s.total(Outcome.CHAOS));
        totals.put("interrupted", s.total(Outcome.INTERRUPTED));
        totals.put("checkFailures", s.total(Outcome.CHECK_FAILED));
        totals.put("bodyTooLarge", s.total(Outcome.BODY_TOO_LARGE));
        totals.put("organicErrors", s.organicErrors());
        totals.put("bodyBytes", s.bodyBytes());
        totals.put("bodyWireBytes", s.bodyWireBytes());
        latency(root.putObject("latencyMs"), s.allLatency());
        connections(root.putObject("connections"), s.connections());
        var endpoints = root.putArray("endpoints");
        for (Summary.Endpoint e : s.endpoints()) {
            ObjectNode n = endpoints.addObject();
            endpoint(n, e, run.durationSeconds());
            connections(n.putObject("connections"), e.connections());
        }
        ObjectNode protocols = root.putObject("protocols");
        s.protocolsByService().forEach((service, counts) -> {
            ObjectNode n = protocols.putObject(service);
            counts.forEach(n::put);
        });
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
        ws.put("connections", s.ws().connections());
        ws.put("sent", s.ws().sentTotal());
        ws.put("received", s.ws().receivedTotal());
        ws.put("lost", s.ws().lost());
        ws.put("deliveries", s.ws().deliveries());
        ws.put("lossRate", round(s.ws().lossRate(), 6));
        delivery(ws.putObject("deliveryMs"), s.ws().all(), false);
        ObjectNode byPath = ws.putObject("byPath");
        delivery(byPath.putObject("echo"), s.ws().echo(), true);
        delivery(byPath.putObject("peer"), s.ws().peer(), true);
        ObjectNode reconnects = ws.putObject("reconnects");
        reconnects.put("attempts", s.ws().reconnectAttempts());
        reconnects.put("succeeded", s.ws().reconnects());
        delivery(reconnects.putObject("timeMs"), s.ws().reconnectTime(), false);
        ObjectNode checks = root.putObject("checks");
        long judged = s.checksPassed() + s.checksFailed();
        checks.put("passed", s.checksPassed());
        checks.put("failed", s.checksFailed());
        if (judged == 0) {
            checks.putNull("rate");
        } else {
            checks.put("rate", round((double) s.checksPassed() / judged, 6));
        }
        ObjectNode skipped = root.putObject("skipped");
        skipped.put("total", s.skipped().values().stream().mapToLong(Long::longValue).sum());
        ObjectNode byReason = skipped.putObject("byReason");
        s.skipped().forEach(byReason::put);
        chaos(root.putObject("chaos"), s.chaos());
        thresholds(root.putArray("thresholds"), s.thresholds());
        return root;
    }

    /** One endpoint's row over {@code seconds}; the dashboard's live table uses the same shape. */
    public static void endpoint(ObjectNode n, Summary.Endpoint e, double seconds) {
        n.put("service", e.service());
        n.put("endpoint", e.name());
        long count = e.count();
        n.put("count", count);
        n.put("requestsPerSecond", seconds > 0 ? round(count / seconds, 3) : 0);
        ObjectNode byStatus = n.putObject("byStatus");
        e.byStatus().forEach((code, c) -> byStatus.put(Integer.toString(code), c));
        ObjectNode byOutcome = n.putObject("byOutcome");
        for (Outcome o : Outcome.values()) {
            byOutcome.put(o.label, e.outcome(o));
        }
        n.put("bodyBytes", e.bodyBytes());
        ObjectNode protocols = n.putObject("protocols");
        e.protocols().forEach(protocols::put);
        n.put("bodyWireBytes", e.bodyWireBytes());
        latency(n.putObject("latencyMs"), e.latency());
        latency(n.putObject("serviceTimeMs"), e.serviceTime());
        ObjectNode checks = n.putObject("checks");
        e.checks().forEach((name, c) -> {
            ObjectNode k = checks.putObject(name);
            k.put("passed", c[0]);
            k.put("failed", c[1]);
        });
        ObjectNode texts = n.putObject("errorTexts");
        e.errorTexts().forEach(texts::put);
    }

    /**
     * Threshold verdicts; {@code value} is null when nothing matched the scope; {@code abortedRun} is there,
     * true, only on a threshold that ended the run by failing during it (abort-on-fail).
     */
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
            if (r.abortedRun()) {
                t.put("abortedRun", true);
            }
            if (r.threshold().baseline().isPresent()) {
                baseline(t.putObject("baseline"), r);
            }
        }
    }

    /**
     * A threshold against a baseline: its margin, and once judged, the two runs' values as compared, the change
     * (relative, or in points of the rate), its interval and level, or why there is no interval; pending while
     * the run goes on.
     */
    private static void baseline(ObjectNode b, ThresholdCheck.Result r) {
        b.put("margin", round(r.threshold().baseline().orElseThrow().margin(), 6));
        if (r.versus().isEmpty()) {
            b.put("pending", true);
            return;
        }
        ThresholdCheck.Versus v = r.versus().get();
        number(b, "base", v.base());
        number(b, "value", v.next());
        number(b, "change", v.change());
        number(b, "low", v.low());
        number(b, "high", v.high());
        b.put("level", v.level());
        if (Double.isNaN(v.low()) || Double.isNaN(v.high())) {
            b.put("why", v.why());
        } else if (v.tooWide(r.threshold())) {
            b.put("tooWide", true);
        }
    }

    private static void number(ObjectNode n, String name, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            n.putNull(name);
        } else {
            n.put(name, round(v, 6));
        }
    }

    /** Injected faults by kind, and per kind how the target reacted: expected, or not (with those statuses). */
    private static void chaos(ObjectNode n, Summary.Chaos c) {
        n.put("injected", c.injectedTotal());
        ObjectNode byKind = n.putObject("byKind");
        c.injected().forEach(byKind::put);
        ObjectNode reactions = n.putObject("reactions");
        c.reactions().forEach((kind, r) -> {
            ObjectNode k = reactions.putObject(kind);
            k.put("expected", r.expected());
            k.put("unexpected", r.unexpected());
            ObjectNode statuses = k.putObject("unexpectedByStatus");
            r.unexpectedByStatus().forEach((status, count) -> statuses.put(Integer.toString(status), count));
        });
    }

    /**
     * New connections: how many were opened and their TCP connect times; how many TLS handshakes were done (0 over plain
     * HTTP) and their times. Always there, zeros when no connection was opened; milliseconds.
     */
    private static void connections(ObjectNode n, Summary.Connections c) {
        n.put("opened", c.opened());
        percentiles(n.putObject("connectMs"), c.connect());
        n.put("tlsHandshakes", c.handshakes());
        percentiles(n.putObject("tlsMs"), c.tls());
    }

    private static void percentiles(ObjectNode n, Histogram h) {
        n.put("p50", round(Summary.millis(h, 50), 3));
        n.put("p95", round(Summary.millis(h, 95), 3));
        n.put("p99", round(Summary.millis(h, 99), 3));
        n.put("max", round(Summary.millis(h, 100), 3));
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
