package dev.loadgen.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadgen.engine.LoadControl;
import dev.loadgen.metrics.Outcome;
import dev.loadgen.metrics.Snapshot;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One interval as one line of JSON: what {@code timeline.jsonl} holds and what the dashboard streams, so
 * the live page and the report draw the same figures from the same events (as k6's dashboard and its
 * report do). Latency percentiles cannot be merged after the fact, so those by service and over all
 * endpoints are computed here from the interval's histograms. docs/results.md describes every field.
 */
public final class IntervalJson {
    static final ObjectMapper JSON = new ObjectMapper();

    private IntervalJson() {}

    public static String encode(Snapshot s, LoadControl.Status load) {
        ObjectNode root = JSON.createObjectNode();
        root.put("t", round(s.elapsedSeconds()));
        root.put("dt", round(s.intervalSeconds()));
        if (s.warmUp()) {
            root.put("warmUp", true);    // kept apart from the results: the report greys it, compare skips it
        }
        Histogram all = new Histogram(3);
        Map<String, Histogram> byService = new LinkedHashMap<>();
        Map<String, long[]> serviceCounts = new LinkedHashMap<>();
        long[] outcomes = new long[Outcome.values().length];
        var endpoints = root.putArray("endpoints");
        for (Snapshot.EndpointInterval e : s.endpoints()) {
            long count = e.count();
            if (count == 0) {
                continue;
            }
            String service = e.endpoint().service();
            all.add(e.latency());
            byService.computeIfAbsent(service, k -> new Histogram(3)).add(e.latency());
            long[] sc = serviceCounts.computeIfAbsent(service, k -> new long[2]);
            sc[0] += count;
            sc[1] += e.errors();
            for (int i = 0; i < outcomes.length; i++) {
                outcomes[i] += e.outcomes()[i];
            }
            ObjectNode n = endpoints.addObject();
            n.put("service", service);
            n.put("endpoint", e.endpoint().name());
            n.put("count", count);
            outcomes(n.putObject("outcomes"), e.outcomes());
            latency(n.putObject("latencyMs"), e.latency(), true);
            if (!e.errorTexts().isEmpty()) {
                ObjectNode texts = n.putObject("errorTexts");
                e.errorTexts().forEach(texts::put);
            }
        }
        root.put("requests", s.requests());
        root.put("errors", s.errors());
        outcomes(root.putObject("outcomes"), outcomes);
        latency(root.putObject("latencyMs"), all, false);
        if (s.lag() != null && s.lag().getTotalCount() > 0) {
            // loadgen's own delay, intended start to send: p50, p99 and max
            ObjectNode lag = root.putObject("lagMs");
            lag.put("p50", ms(s.lag(), 50));
            lag.put("p99", ms(s.lag(), 99));
            lag.put("max", round(s.lag().getMaxValue() / 1000.0));
        }
        ObjectNode services = root.putObject("services");
        byService.forEach((name, h) -> {
            ObjectNode n = services.putObject(name);
            n.put("requests", serviceCounts.get(name)[0]);
            n.put("errors", serviceCounts.get(name)[1]);
            latency(n.putObject("latencyMs"), h, false);
        });
        ObjectNode loadNode = root.putObject("load");
        loadNode.put("model", load.model().name().toLowerCase(Locale.ROOT));
        loadNode.put("target", round(load.target()));
        loadNode.put("phase", load.phase().name().toLowerCase(Locale.ROOT));
        Snapshot.Counters c = s.counters();
        ObjectNode users = root.putObject("users");
        users.put("active", s.activeUsers());
        ObjectNode personas = users.putObject("byPersona");
        new java.util.TreeMap<>(c.activeByPersona()).forEach(personas::put);
        ObjectNode sessions = root.putObject("sessions");
        sessions.put("completed", c.sessionsCompleted());
        sessions.put("abandoned", c.sessionsAbandoned());
        sessions.put("dropped", s.sessionsDropped());
        ObjectNode ws = root.putObject("ws");
        ws.put("open", s.wsOpen());
        ws.put("opened", c.wsOpened());
        ws.put("sent", c.wsSent());
        ws.put("received", c.wsReceived());
        ws.put("lost", c.wsLost());
        ws.put("reconnectAttempts", c.wsReconnectAttempts());
        ws.put("reconnects", c.wsReconnects());
        latency(ws.putObject("echoMs"), s.wsEcho(), false);
        latency(ws.putObject("peerMs"), s.wsPeer(), false);
        ObjectNode chaos = root.putObject("chaos").putObject("byKind");
        new java.util.TreeMap<>(c.chaosByKind()).forEach(chaos::put);
        root.put("last", s.last());
        return root.toString();
    }

    private static void outcomes(ObjectNode n, long[] counts) {
        for (Outcome o : Outcome.values()) {
            if (counts[o.ordinal()] > 0) {
                n.put(o.label, counts[o.ordinal()]);
            }
        }
    }

    /** Percentiles in milliseconds, or nothing at all for an empty histogram (a gap in the charts, not a zero). */
    private static void latency(ObjectNode n, Histogram h, boolean full) {
        if (h.getTotalCount() == 0) {
            return;
        }
        if (full) {
            n.put("mean", round(h.getMean() / 1000.0));
        }
        n.put("p50", ms(h, 50));
        if (full) {
            n.put("p90", ms(h, 90));
        }
        n.put("p95", ms(h, 95));
        n.put("p99", ms(h, 99));
        if (full) {
            n.put("max", round(h.getMaxValue() / 1000.0));
        }
    }

    private static double ms(Histogram h, double percentile) {
        return round(h.getValueAtPercentile(percentile) / 1000.0);
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
