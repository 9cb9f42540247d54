package dev.loadgen.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The control point's {@code interval} event, in the shape of a run's own (timeline.jsonl's line), so the
 * dashboard's charts draw it unchanged. Instances keep their own seconds, which do not line up with the control
 * point's: each of its intervals adds the instances' intervals that arrived during it, so no request is counted
 * twice or lost, and one may hold two seconds of an instance where the one before held none.
 *
 * <ul>
 *   <li>requests, errors, outcomes, by service: the arrived intervals summed;</li>
 *   <li>percentiles: the highest of the arrived intervals' (an upper bound, as {@link StateSum} says why);</li>
 *   <li>users and open WebSockets: each reachable instance's latest, summed;</li>
 *   <li>running totals (sessions, WebSocket frames, chaos): each instance's latest less its total when the
 *       control point started following it ({@link InstanceFeed#baseline()}), summed; the charts draw their rise.</li>
 * </ul>
 */
final class IntervalSum {
    private static final List<String> SESSIONS = List.of("completed", "abandoned", "dropped");
    private static final List<String> WS_TOTALS = List.of("opened", "sent", "received", "lost", "reconnectAttempts", "reconnects");

    private IntervalSum() {}

    static ObjectNode of(double t, double dt, List<Instance.View> views, JsonNode control) {
        ObjectNode root = StateJson.JSON.createObjectNode();
        root.put("t", round(t));
        root.put("dt", round(dt));
        ObjectNode outcomes = StateJson.JSON.createObjectNode();
        ObjectNode latency = StateJson.JSON.createObjectNode();
        ObjectNode services = StateJson.JSON.createObjectNode();
        ObjectNode echo = StateJson.JSON.createObjectNode();
        ObjectNode peer = StateJson.JSON.createObjectNode();
        long requests = 0;
        long errors = 0;
        for (Instance.View v : views) {
            for (JsonNode i : v.newIntervals()) {
                requests += i.path("requests").asLong();
                errors += i.path("errors").asLong();
                sum(outcomes, i.path("outcomes"));
                highest(latency, i.path("latencyMs"));
                i.path("services").properties().forEach(s -> {
                    ObjectNode n = services.withObjectProperty(s.getKey());
                    n.put("requests", n.path("requests").asLong() + s.getValue().path("requests").asLong());
                    n.put("errors", n.path("errors").asLong() + s.getValue().path("errors").asLong());
                    highest(n.withObjectProperty("latencyMs"), s.getValue().path("latencyMs"));
                });
                highest(echo, i.path("ws").path("echoMs"));
                highest(peer, i.path("ws").path("peerMs"));
            }
        }
        root.putArray("endpoints");
        root.put("requests", requests);
        root.put("errors", errors);
        root.set("outcomes", outcomes);
        root.set("latencyMs", latency);
        root.set("services", services);
        ObjectNode load = root.putObject("load");
        load.put("model", control.path("model").asText());
        load.put("target", control.path("target").asDouble());
        load.put("phase", control.path("phase").asText());
        ObjectNode users = root.putObject("users");
        ObjectNode personas = StateJson.JSON.createObjectNode();
        long active = 0;
        long wsOpen = 0;
        ObjectNode sessions = StateJson.JSON.createObjectNode();
        ObjectNode ws = StateJson.JSON.createObjectNode();
        ObjectNode chaos = StateJson.JSON.createObjectNode();
        SESSIONS.forEach(k -> sessions.put(k, 0L));
        WS_TOTALS.forEach(k -> ws.put(k, 0L));
        for (Instance.View v : views) {
            if (v.lastInterval().isEmpty()) {
                continue;
            }
            JsonNode last = v.lastInterval().get();
            JsonNode base = v.baseline().orElse(StateJson.JSON.missingNode());
            if (v.reachable() && !v.ended()) {
                active += last.path("users").path("active").asLong();
                sum(personas, last.path("users").path("byPersona"));
                wsOpen += last.path("ws").path("open").asLong();
            }
            SESSIONS.forEach(k -> sessions.put(k, sessions.path(k).asLong() + rise(last.path("sessions"), base.path("sessions"), k)));
            WS_TOTALS.forEach(k -> ws.put(k, ws.path(k).asLong() + rise(last.path("ws"), base.path("ws"), k)));
            last.path("chaos").path("byKind").properties().forEach(k -> chaos.put(k.getKey(),
                    chaos.path(k.getKey()).asLong() + rise(last.path("chaos").path("byKind"), base.path("chaos").path("byKind"), k.getKey())));
        }
        users.put("active", active);
        users.set("byPersona", personas);
        root.set("sessions", sessions);
        ws.put("open", wsOpen);
        ws.set("echoMs", echo);
        ws.set("peerMs", peer);
        root.set("ws", ws);
        root.putObject("chaos").set("byKind", chaos);
        root.put("last", false);
        return root;
    }

    private static long rise(JsonNode now, JsonNode base, String key) {
        return Math.max(0, now.path(key).asLong() - base.path(key).asLong());
    }

    private static void sum(ObjectNode into, JsonNode add) {
        add.properties().forEach(k -> into.put(k.getKey(), into.path(k.getKey()).asLong() + k.getValue().asLong()));
    }

    private static void highest(ObjectNode into, JsonNode add) {
        add.properties().forEach(k -> into.put(k.getKey(), into.has(k.getKey())
                ? Math.max(into.path(k.getKey()).asDouble(), k.getValue().asDouble()) : k.getValue().asDouble()));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
