package dev.loadgen.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadgen.config.Segment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The control point's {@code state} event: the instances' latest states made one, in the shape the dashboard
 * page reads ({@link StateJson}), with a table of the instances beside it.
 *
 * <ul>
 *   <li>Counts (requests, errors, statuses, outcomes, checks, error texts, sessions) are summed over every
 *       instance ever heard from, an unreachable one with its last figures; what is now (users running, requests
 *       per second, open WebSockets) over the instances reachable now.</li>
 *   <li>Percentiles cannot be summed, and the instances send no histograms: the p50 to p99 shown are the highest
 *       of the instances'. That is an upper bound of the run's: when every instance has at least 95% of its
 *       requests at or under its own p95, and each p95 is at most the highest, at least 95% of all requests are
 *       at or under the highest. Means are the instances' means weighted by their requests; max is the max.</li>
 *   <li>The target is the whole run's: instances that are segments of one run each report it (the highest is
 *       taken, in case one has not caught up with a change yet); whole runs side by side add theirs.</li>
 *   <li>Thresholds are each instance's, on its own figures, named with it; {@code loadgen merge} judges them on
 *       the run's at the end.</li>
 * </ul>
 */
final class StateSum {
    private StateSum() {}

    static ObjectNode of(List<Instance.View> views, boolean tokenRequired) {
        ObjectNode root = StateJson.JSON.createObjectNode();
        double elapsed = 0;
        double planned = 0;
        for (Instance.View v : views) {
            if (v.state().isPresent()) {
                elapsed = Math.max(elapsed, v.state().get().path("elapsedSeconds").asDouble());
                planned = Math.max(planned, v.state().get().path("plannedSeconds").asDouble());
            }
        }
        root.put("elapsedSeconds", elapsed);
        root.put("plannedSeconds", planned);
        root.set("control", control(views, tokenRequired));
        Map<String, ObjectNode> endpoints = new LinkedHashMap<>();
        ObjectNode totals = StateJson.JSON.createObjectNode();
        ArrayNode thresholds = StateJson.JSON.createArrayNode();
        for (Instance.View v : views) {
            if (v.state().isEmpty()) {
                continue;
            }
            JsonNode s = v.state().get();
            s.path("endpoints").forEach(e -> endpoint(endpoints.computeIfAbsent(e.path("service").asText() + " " + e.path("endpoint").asText(),
                    k -> StateJson.JSON.createObjectNode()), e));
            JsonNode t = s.path("totals");
            for (String k : List.of("requests", "errors", "chaos", "sessionsCompleted", "wsReconnectAttempts", "wsReconnects")) {
                totals.put(k, totals.path(k).asLong() + t.path(k).asLong());
            }
            if (live(v)) {
                totals.put("lastRequestsPerSecond", totals.path("lastRequestsPerSecond").asDouble() + t.path("lastRequestsPerSecond").asDouble());
                totals.put("wsOpen", totals.path("wsOpen").asLong() + t.path("wsOpen").asLong());
                if (t.has("lastP95")) {
                    totals.put("lastP95", Math.max(totals.path("lastP95").asDouble(), t.path("lastP95").asDouble()));
                }
            }
            s.path("thresholds").forEach(th -> thresholds.add(((ObjectNode) th.deepCopy())
                    .put("expression", th.path("expression").asText() + " (at " + v.url().getAuthority() + ")")));
        }
        for (String k : List.of("requests", "errors", "chaos", "lastRequestsPerSecond", "sessionsCompleted", "wsOpen", "wsReconnectAttempts", "wsReconnects")) {
            if (!totals.has(k)) {
                totals.put(k, 0);
            }
        }
        root.putArray("endpoints").addAll(endpoints.values());
        // the error table, as an instance's state has it: from the endpoints' texts, summed with them above
        ArrayNode texts = root.putArray("errors");
        endpoints.values().forEach(e -> e.path("errorTexts").properties().forEach(t -> texts.addObject()
                .put("service", e.path("service").asText()).put("endpoint", e.path("endpoint").asText())
                .put("text", t.getKey()).put("count", t.getValue().asLong())));
        root.set("totals", totals);
        root.set("thresholds", thresholds);
        root.put("percentiles", "highest of the instances'");
        ArrayNode table = root.putArray("instances");
        double target = root.path("control").path("target").asDouble();
        views.forEach(v -> row(table.addObject(), v, target));
        return root;
    }

    /** Reachable and its run not over: its users and its rate of the last second count now. */
    private static boolean live(Instance.View v) {
        return v.reachable() && !v.ended();
    }

    private static ObjectNode control(List<Instance.View> views, boolean tokenRequired) {
        ObjectNode c = StateJson.JSON.createObjectNode();
        List<JsonNode> controls = views.stream().flatMap(v -> v.state().stream()).map(s -> s.path("control")).toList();
        List<String> models = controls.stream().map(n -> n.path("model").asText()).distinct().toList();
        c.put("model", models.size() == 1 ? models.getFirst() : models.isEmpty() ? "closed" : "mixed");
        c.put("target", target(views));
        c.put("running", views.stream().filter(StateSum::live).flatMap(v -> v.state().stream())
                .mapToInt(s -> s.path("control").path("running").asInt()).sum());
        c.put("phase", phase(views));
        c.put("tokenRequired", tokenRequired);
        return c;
    }

    /**
     * The whole run's target: segments of one run report it each, whole runs side by side add theirs. An instance
     * whose run is over counts with its last target, so the page ends on the run's.
     */
    static double target(List<Instance.View> views) {
        Map<Integer, Double> byCount = new LinkedHashMap<>();
        for (Instance.View v : views) {
            Optional<Segment> seg = v.segment();
            if (seg.isEmpty()) {
                continue;
            }
            double t = v.state().get().path("control").path("target").asDouble();
            byCount.merge(seg.get().count(), t, seg.get().count() == 1 ? Double::sum : Math::max);
        }
        return byCount.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** Running while any instance runs; then stopping, starting; ended once every instance heard from has ended. */
    private static String phase(List<Instance.View> views) {
        List<String> phases = views.stream().map(StateSum::phaseOf).toList();
        for (String p : List.of("running", "stopping", "starting")) {
            if (phases.contains(p)) {
                return p;
            }
        }
        return phases.contains("ended") ? "ended" : "connecting";
    }

    private static String phaseOf(Instance.View v) {
        if (v.ended()) {
            return "ended";
        }
        if (v.state().isEmpty()) {
            return v.reachable() ? "starting" : "unreachable";
        }
        String p = v.state().get().path("control").path("phase").asText();
        return v.reachable() || p.equals("ended") ? p : "unreachable";
    }

    private static void row(ObjectNode n, Instance.View v, double target) {
        n.put("url", v.url().toString());
        Optional<Segment> seg = v.segment();
        n.put("segment", seg.map(Segment::toString).orElse("-"));
        n.put("reachable", v.reachable());
        String phase = phaseOf(v);
        n.put("phase", phase);
        // once its run is over, an instance that is gone is no problem: it has exited, as it should
        n.put("problem", v.reachable() || v.ended() ? "" : v.problem());
        Optional<JsonNode> c = v.state().map(s -> s.path("control"));
        n.put("running", live(v) ? c.map(x -> x.path("running").asInt()).orElse(0) : 0);
        if (seg.isPresent()) {
            double own = c.get().path("target").asDouble();
            boolean closed = c.get().path("model").asText().equals("closed");
            // a segment's target is the whole run's: its part is its share of it, as the engine deals users and arrivals
            n.put("share", closed ? seg.get().share(Math.round(own)) : own / seg.get().count());
        }
        double rps = live(v) ? v.state().map(s -> s.path("totals").path("lastRequestsPerSecond").asDouble()).orElse(0.0) : 0.0;
        n.put("requestsPerSecond", Math.round(rps * 1000) / 1000.0);
    }

    /** Adds one instance's endpoint row (summary.json's shape) into the merged one. */
    private static void endpoint(ObjectNode into, JsonNode e) {
        long before = into.path("count").asLong();
        long count = e.path("count").asLong();
        into.put("service", e.path("service").asText());
        into.put("endpoint", e.path("endpoint").asText());
        into.put("count", before + count);
        into.put("requestsPerSecond", into.path("requestsPerSecond").asDouble() + e.path("requestsPerSecond").asDouble());
        sum(into.withObjectProperty("byStatus"), e.path("byStatus"));
        sum(into.withObjectProperty("byOutcome"), e.path("byOutcome"));
        latency(into.withObjectProperty("latencyMs"), before, e.path("latencyMs"), count);
        latency(into.withObjectProperty("serviceTimeMs"), before, e.path("serviceTimeMs"), count);
        ObjectNode checks = into.withObjectProperty("checks");
        e.path("checks").properties().forEach(k -> sum(checks.withObjectProperty(k.getKey()), k.getValue()));
        sum(into.withObjectProperty("errorTexts"), e.path("errorTexts"));
    }

    private static void sum(ObjectNode into, JsonNode add) {
        add.properties().forEach(k -> into.put(k.getKey(), into.path(k.getKey()).asLong() + k.getValue().asLong()));
    }

    /** Mean weighted by the requests; every percentile and the max the highest (see the class comment). */
    private static void latency(ObjectNode into, long countBefore, JsonNode add, long count) {
        add.properties().forEach(k -> {
            double v = k.getValue().asDouble();
            double now = into.path(k.getKey()).asDouble();
            if (k.getKey().equals("mean")) {
                long all = countBefore + count;
                into.put("mean", all == 0 ? 0 : (now * countBefore + v * count) / all);
            } else {
                into.put(k.getKey(), into.has(k.getKey()) ? Math.max(now, v) : v);
            }
        });
    }
}
