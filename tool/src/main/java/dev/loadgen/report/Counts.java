package dev.loadgen.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadgen.engine.EngineResult;
import dev.loadgen.engine.LateJoin;
import dev.loadgen.metrics.ChaosCounters;
import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.Outcome;
import dev.loadgen.metrics.UserCounters;
import dev.loadgen.metrics.WsCounters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code counts.json}: every counter of a run at its end, as raw counts: requests by endpoint, status and
 * outcome, and the scenario's checks passed and failed; users and sessions by persona; WebSocket frames by
 * type; injected faults and the target's reactions; steps skipped, by reason. Beside the histogram logs it is what a summary is computed from, for a run and for a merge
 * alike. Its shape makes merging generic: numbers add up, maps merge key by key, text (names) is kept;
 * only the {@code run} block, which says what run this was, is combined by rules of its own
 * ({@link RunRecord#merge}).
 */
public final class Counts {
    public static final String FILE = "counts.json";
    /** In the run block, only when a threshold with abort-on-fail ended the run: its expression (several, in a merge). */
    static final String ABORTED_BY = "abortedBy";
    /** In the run block, only when loadgen's own failure cut the run short: why ({@link #INTERNAL_ERROR}). */
    static final String ABORTED = "aborted";
    public static final String INTERNAL_ERROR = "internal error";

    private Counts() {}

    /** The run's counters, read from its meters once the last user has left. */
    public static ObjectNode of(RunInfo info, double durationSeconds, EngineResult engine, Metrics metrics, WsCounters ws) {
        ObjectNode root = of(info, durationSeconds, engine.reason().name().toLowerCase(Locale.ROOT), metrics, ws);
        engine.lateJoin().ifPresent(j -> lateJoin((ObjectNode) root.get("run"), j));
        return root;
    }

    /** In the run block, only when the instance joined its run after the start time ({@code --start-at}). */
    static final String LATE_JOIN = "lateJoin";

    static void lateJoin(ObjectNode run, LateJoin j) {
        ObjectNode n = run.putObject(LATE_JOIN);
        n.put("lateSeconds", j.lateSeconds());
        n.put("usersStartedAtOnce", j.usersAtOnce());
        n.put("arrivalsMissed", j.arrivalsMissed());
    }

    /** The late join a run block records, if any. */
    static java.util.Optional<LateJoin> lateJoin(JsonNode run) {
        JsonNode n = run.path(LATE_JOIN);
        return n.isObject() ? java.util.Optional.of(new LateJoin(Math.round(n.path("lateSeconds").asDouble() * 1e9),
                n.path("usersStartedAtOnce").asLong(), n.path("arrivalsMissed").asLong())) : java.util.Optional.empty();
    }

    /** Marks the counts as those of a run that loadgen's own failure cut short, {@code why} ({@link #INTERNAL_ERROR}). */
    public static void abortedBy(ObjectNode counts, String why) {
        ((ObjectNode) counts.path("run")).put(ABORTED, why);
    }

    /** The counts so far, as a run that stopped for {@code stopReason} ({@code warm-up}: the warm-up's, kept apart). */
    public static ObjectNode of(RunInfo info, double durationSeconds, String stopReason, Metrics metrics, WsCounters ws) {
        ObjectNode root = IntervalJson.JSON.createObjectNode();
        ObjectNode run = root.putObject("run");
        run.put("loadgen", info.version());
        run.put("startedAt", info.startedAt().toString());
        run.put("durationSeconds", durationSeconds);
        run.put("model", info.model());
        run.put("seed", info.seed());
        run.put("segment", info.load().segment().toString());
        run.put("target", info.target());
        run.put("stopReason", stopReason);
        metrics.abortedBy().ifPresent(r -> run.putArray(ABORTED_BY).add(r.threshold().expression()));
        ObjectNode endpoints = root.putObject("endpoints");
        for (EndpointMeter m : metrics.endpoints()) {
            if (m.count() > 0) {
                endpoint(endpoints.putObject(m.service() + " " + m.name()), m);
            }
        }
        users(root, metrics.users());
        ObjectNode w = root.putObject("ws");
        w.put("connections", ws.openedTotal());
        w.set("sent", longs(ws.sentByType()));
        w.set("received", longs(ws.receivedByType()));
        w.put("lost", ws.lostTotal());
        w.put("deliveries", ws.settledTotal());
        ObjectNode reconnects = w.putObject("reconnects");
        reconnects.put("attempts", ws.reconnectAttempts());
        reconnects.put("succeeded", ws.reconnects());
        chaos(root.putObject("chaos"), metrics.chaos());
        root.set("skipped", longs(metrics.skips().byReason()));
        return root;
    }

    private static void endpoint(ObjectNode n, EndpointMeter m) {
        n.put("service", m.service());
        n.put("endpoint", m.name());
        n.put("method", m.method());
        n.put("bodyBytes", m.bodyBytes());
        n.set("protocols", longs(m.protocols()));
        n.put("bodyWireBytes", m.bodyWireBytes());
        ObjectNode responses = n.putObject("responses");
        for (int status : m.statusesEnded()) {
            ObjectNode byOutcome = responses.putObject(Integer.toString(status));
            for (Outcome o : Outcome.values()) {
                long c = m.count(status, o);
                if (c > 0) {
                    byOutcome.put(o.label, c);
                }
            }
        }
        ObjectNode checks = n.putObject("checks");
        m.checks().forEach((name, c) -> {
            ObjectNode k = checks.putObject(name);
            k.put("passed", c.passedCount());
            k.put("failed", c.failedCount());
        });
        ObjectNode texts = n.putObject("errorTexts");
        m.errorTexts().forEach(texts::put);
    }

    private static void users(ObjectNode root, UserCounters u) {
        ObjectNode users = root.putObject("users");
        users.set("started", longs(u.startedByPersona()));
        users.put("peak", u.peak());
        users.put("failed", u.failed());
        ObjectNode sessions = root.putObject("sessions");
        sessions.set("completed", longs(u.completedByPersona()));
        sessions.set("abandoned", longs(u.abandonedByPersona()));
        sessions.put("dropped", u.dropped());
    }

    private static void chaos(ObjectNode n, ChaosCounters c) {
        n.set("injected", longs(c.byKind()));
        ObjectNode reactions = n.putObject("reactions");
        c.reactions().forEach((kind, r) -> {
            ObjectNode k = reactions.putObject(kind);
            k.put("expected", r.expected());
            ObjectNode unexpected = k.putObject("unexpected");
            r.unexpectedByStatus().forEach((status, count) -> unexpected.put(Integer.toString(status), count));
        });
    }

    private static ObjectNode longs(Map<String, Long> m) {
        ObjectNode n = IntervalJson.JSON.createObjectNode();
        m.forEach(n::put);
        return n;
    }

    public static void write(ObjectNode counts, Path dir) throws IOException {
        Files.writeString(dir.resolve(FILE), IntervalJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(counts) + "\n");
    }

    /**
     * The counts of a run with its warm-up's taken out: what its requests did (endpoints, WebSocket frames, chaos,
     * skipped steps) since the warm-up ended, over the time since. The users and sessions stay whole: the warm-up's
     * users go on into the measured part. {@code run.warmUpSeconds} says how long the warm-up was.
     */
    public static ObjectNode withoutWarmUp(ObjectNode all, JsonNode warmUp) {
        ObjectNode out = all.deepCopy();
        for (String block : List.of("endpoints", "ws", "chaos", "skipped")) {
            if (out.get(block) instanceof ObjectNode mine && warmUp.get(block) != null) {
                subtract(mine, warmUp.get(block));
            }
        }
        if (out.get("endpoints") instanceof ObjectNode eps) {
            // an endpoint only the warm-up called had no traffic since
            eps.properties().removeIf(e -> !e.getValue().path("responses").elements().hasNext());
        }
        double warm = warmUp.path("run").path("durationSeconds").asDouble();
        ObjectNode run = (ObjectNode) out.get("run");
        run.put("durationSeconds", Math.max(0, run.path("durationSeconds").asDouble() - warm));
        run.put("warmUpSeconds", warm);
        return out;
    }

    /** {@code into} less {@code from}, number by number; counts that fall to 0 are removed, as a run lists only what happened. */
    private static void subtract(ObjectNode into, JsonNode from) {
        for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode mine = into.get(e.getKey());
            if (mine instanceof ObjectNode m && e.getValue().isObject()) {
                subtract(m, e.getValue());
                boolean nothingLeft = true;
                for (JsonNode v : m) {
                    nothingLeft &= v.isNumber() && v.asLong() == 0;
                }
                if (nothingLeft) {
                    into.remove(e.getKey());    // a check, a reaction, a status only the warm-up saw
                }
            } else if (mine != null && mine.isIntegralNumber() && e.getValue().isIntegralNumber()) {
                long left = mine.asLong() - e.getValue().asLong();
                if (left == 0 && !TOTALS.contains(e.getKey())) {
                    into.remove(e.getKey());
                } else {
                    into.put(e.getKey(), left);
                }
            }
        }
    }

    /** Numbers that stay, at 0, when the warm-up had them all: fields every run has, not counts by name. */
    private static final java.util.Set<String> TOTALS = java.util.Set.of("connections", "lost", "deliveries", "passed", "failed",
            "expected");

    /**
     * Adds {@code from} into {@code into}: numbers are summed, objects merged key by key (a key only one side
     * has is copied), text is kept as {@code into} has it (names such as an endpoint's service are the same on
     * both sides, being part of the key they sit under).
     */
    static void addInto(ObjectNode into, JsonNode from) {
        for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode mine = into.get(e.getKey());
            JsonNode theirs = e.getValue();
            if (mine == null) {
                into.set(e.getKey(), theirs.deepCopy());
            } else if (mine.isObject() && theirs.isObject()) {
                addInto((ObjectNode) mine, theirs);
            } else if (mine.isIntegralNumber() && theirs.isIntegralNumber()) {
                into.put(e.getKey(), mine.asLong() + theirs.asLong());
            } else if (mine.isNumber() && theirs.isNumber()) {
                into.put(e.getKey(), mine.asDouble() + theirs.asDouble());
            }
        }
    }
}
