package dev.loadgen.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadgen.config.ConfigException;
import dev.loadgen.config.Origin;
import dev.loadgen.config.Threshold;
import dev.loadgen.metrics.ThresholdCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * The merged {@code summary.json}: the fields of docs/results.md, counts summed over the instances,
 * percentiles from the summed histograms, thresholds evaluated again, and a {@code merged} block naming
 * the sources. What the folders do not hold as histograms (chat delivery times) is left null rather
 * than averaged.
 */
public final class MergedSummary {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String[] OUTCOMES = {"ok", "http_error", "timeout", "connect_error", "reset", "interrupted", "chaos"};

    /** One endpoint over every instance; histograms in microseconds. */
    private record Row(String service, String endpoint, ObjectNode counts, Histogram latency, Histogram serviceTime) {
        long count() {
            return counts.path("count").asLong();
        }

        long outcome(String o) {
            return counts.path("byOutcome").path(o).asLong();
        }
    }

    private final ObjectNode root;
    private final List<ThresholdCheck.Result> verdicts;
    private final Histogram all;

    private MergedSummary(ObjectNode root, List<ThresholdCheck.Result> verdicts, Histogram all) {
        this.root = root;
        this.verdicts = verdicts;
        this.all = all;
    }

    static MergedSummary of(List<ResultsFolder> folders, List<String> warnings) {
        JsonNode first = folders.getFirst().summary();
        Instant start = folders.stream().map(ResultsFolder::startedAt).min(Instant::compareTo).orElseThrow();
        double end = folders.stream().mapToDouble(f -> f.startedAt().toEpochMilli() / 1000.0 + f.durationSeconds()).max().orElseThrow();
        double duration = end - start.toEpochMilli() / 1000.0;
        ObjectNode root = JSON.createObjectNode();
        root.put("loadgen", first.path("loadgen").asText());
        root.put("startedAt", start.toString());
        root.put("durationSeconds", SummaryJson.round(duration, 3));
        root.put("model", first.path("model").asText());
        if (folders.stream().allMatch(f -> f.summary().path("seed").asText().equals(first.path("seed").asText()))) {
            root.set("seed", first.path("seed"));
        } else {
            root.putNull("seed");
        }
        root.put("segment", "merged");
        root.put("target", String.join(", ", distinct(folders, f -> f.summary().path("target").asText())));
        root.put("stopReason", stopReason(folders));

        List<Row> rows = endpoints(folders, warnings);
        Histogram all = new Histogram(3);
        rows.forEach(r -> all.add(r.latency()));
        ObjectNode totals = root.putObject("totals");
        for (String k : List.of("requests", "ok", "httpErrors", "timeouts", "connectErrors", "chaos", "interrupted", "organicErrors")) {
            totals.put(k, folders.stream().mapToLong(f -> f.summary().path("totals").path(k).asLong()).sum());
        }
        SummaryJson.latency(root.putObject("latencyMs"), all);
        ArrayNode endpoints = root.putArray("endpoints");
        for (Row r : rows) {
            ObjectNode n = endpoints.addObject();
            n.put("service", r.service());
            n.put("endpoint", r.endpoint());
            n.put("count", r.count());
            n.put("requestsPerSecond", duration > 0 ? SummaryJson.round(r.count() / duration, 3) : 0);
            n.set("byStatus", r.counts().path("byStatus"));
            n.set("byOutcome", r.counts().path("byOutcome"));
            SummaryJson.latency(n.putObject("latencyMs"), r.latency());
            SummaryJson.latency(n.putObject("serviceTimeMs"), r.serviceTime());
        }
        ObjectNode users = root.putObject("users");
        users.put("started", sum(folders, "users", "started"));
        users.put("peak", sum(folders, "users", "peak"));     // the sum of the instances' peaks: an upper bound
        users.set("byPersona", sumObjects(folders, "users", "byPersona"));
        ObjectNode sessions = root.putObject("sessions");
        for (String k : List.of("completed", "abandoned", "dropped")) {
            sessions.put(k, sum(folders, "sessions", k));
        }
        sessions.set("byPersona", sumObjects(folders, "sessions", "byPersona"));
        root.set("ws", ws(folders, warnings));
        ObjectNode chaos = root.putObject("chaos");
        chaos.put("injected", sum(folders, "chaos", "injected"));
        chaos.set("byKind", sumObjects(folders, "chaos", "byKind"));
        chaos.set("reactions", sumObjects(folders, "chaos", "reactions"));
        List<ThresholdCheck.Result> verdicts = thresholds(folders, rows, duration);
        SummaryJson.thresholds(root.putArray("thresholds"), verdicts);
        ObjectNode merged = root.putObject("merged");
        merged.put("instances", folders.size());
        ArrayNode segments = merged.putArray("segments");
        ArrayNode sources = merged.putArray("sources");
        folders.forEach(f -> {
            segments.add(f.segment());
            sources.add(f.dir().toString());
        });
        ArrayNode notes = merged.putArray("warnings");
        warnings.forEach(notes::add);
        return new MergedSummary(root, verdicts, all);
    }

    void write(Path file) throws IOException {
        Files.writeString(file, JSON.writeValueAsString(root) + "\n");
    }

    public long requests() {
        return root.path("totals").path("requests").asLong();
    }

    /** The targets' own errors: every failed outcome but chaos. */
    public long errors() {
        return root.path("totals").path("organicErrors").asLong();
    }

    public long usersStarted() {
        return root.path("users").path("started").asLong();
    }

    /** A percentile of every request's latency, in milliseconds (0 when there were none). */
    public double latencyMs(double percentile) {
        return Summary.millis(all, percentile);
    }

    public List<ThresholdCheck.Result> thresholds() {
        return verdicts;
    }

    public boolean thresholdsHeld() {
        return verdicts.stream().allMatch(ThresholdCheck.Result::ok);
    }

    /** Endpoints in first-seen order, counts summed, histograms summed from every folder's logs by tag. */
    private static List<Row> endpoints(List<ResultsFolder> folders, List<String> warnings) {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (ResultsFolder f : folders) {
            Map<String, Histogram> lat = ResultsFolder.byTag(f.latency());
            Map<String, Histogram> svc = ResultsFolder.byTag(f.serviceTime());
            for (JsonNode e : f.summary().path("endpoints")) {
                String service = e.path("service").asText();
                String name = e.path("endpoint").asText();
                String tag = HistogramLogs.tag(service, name);
                Row r = rows.computeIfAbsent(service + " " + name, k -> new Row(service, name, emptyCounts(), new Histogram(3), new Histogram(3)));
                ObjectNode c = r.counts();
                c.put("count", c.path("count").asLong() + e.path("count").asLong());
                addInto((ObjectNode) c.path("byStatus"), e.path("byStatus"));
                addInto((ObjectNode) c.path("byOutcome"), e.path("byOutcome"));
                Histogram h = lat.get(tag);
                if (h == null && e.path("count").asLong() > 0) {
                    warnings.add(f.dir() + ": latency.hlog has no histogram for " + name + " (" + service + "); its percentiles leave that folder out");
                }
                if (h != null) {
                    r.latency().add(h);
                }
                if (svc.get(tag) != null) {
                    r.serviceTime().add(svc.get(tag));
                }
            }
        }
        return List.copyOf(rows.values());
    }

    private static ObjectNode emptyCounts() {
        ObjectNode c = JSON.createObjectNode();
        c.put("count", 0);
        c.putObject("byStatus");
        ObjectNode o = c.putObject("byOutcome");
        for (String k : OUTCOMES) {
            o.put(k, 0);
        }
        return c;
    }

    /** The chat counters summed; delivery percentiles are not in the histogram logs, so they stay null. */
    private static ObjectNode ws(List<ResultsFolder> folders, List<String> warnings) {
        ObjectNode ws = JSON.createObjectNode();
        for (String k : List.of("connections", "sent", "received", "lost", "deliveries")) {
            ws.put(k, sum(folders, "ws", k));
        }
        long deliveries = ws.path("deliveries").asLong();
        ws.put("lossRate", deliveries == 0 ? 0 : SummaryJson.round((double) ws.path("lost").asLong() / deliveries, 6));
        nullPercentiles(ws.putObject("deliveryMs"));
        ObjectNode byPath = ws.putObject("byPath");
        for (String p : List.of("echo", "peer")) {
            ObjectNode n = byPath.putObject(p);
            n.put("count", folders.stream().mapToLong(f -> f.summary().path("ws").path("byPath").path(p).path("count").asLong()).sum());
            nullPercentiles(n);
        }
        if (ws.path("sent").asLong() > 0) {
            warnings.add("chat delivery percentiles (ws.deliveryMs) are not in the histogram logs, so they are left null "
                    + "rather than averaged; each instance's summary.json has its own");
        }
        return ws;
    }

    private static void nullPercentiles(ObjectNode n) {
        n.putNull("p50");
        n.putNull("p95");
        n.putNull("p99");
    }

    /** The thresholds of the instances (normally the same list), checked on the merged figures as a run checks its own. */
    private static List<ThresholdCheck.Result> thresholds(List<ResultsFolder> folders, List<Row> rows, double seconds) {
        Set<String> expressions = new LinkedHashSet<>();
        folders.forEach(f -> f.summary().path("thresholds").forEach(t -> expressions.add(t.path("expression").asText())));
        List<Threshold> parsed = new ArrayList<>();
        for (String e : expressions) {
            try {
                parsed.add(Threshold.parse(e, Origin.flag("summary.json thresholds")));
            } catch (ConfigException ex) {
                throw new MergeException("a threshold in summary.json cannot be read: " + ex.getMessage());
            }
        }
        List<ThresholdCheck.Figures> figures = rows.stream().map(r -> new ThresholdCheck.Figures(r.service(), r.endpoint(), r.count(),
                r.count() - r.outcome("ok") - r.outcome("chaos"), r.outcome("chaos"), r.latency())).toList();
        return ThresholdCheck.evaluate(parsed, figures, seconds);
    }

    private static String stopReason(List<ResultsFolder> folders) {
        Set<String> reasons = distinct(folders, f -> f.summary().path("stopReason").asText("completed"));
        return reasons.contains("aborted") ? "aborted" : reasons.contains("stopped") ? "stopped" : "completed";
    }

    private static Set<String> distinct(List<ResultsFolder> folders, java.util.function.Function<ResultsFolder, String> f) {
        Set<String> out = new LinkedHashSet<>();
        folders.forEach(x -> out.add(f.apply(x)));
        return out;
    }

    private static long sum(List<ResultsFolder> folders, String block, String field) {
        return folders.stream().mapToLong(f -> f.summary().path(block).path(field).asLong()).sum();
    }

    /** Sums maps of counts (or of maps of counts, as sessions.byPersona) key by key. */
    private static ObjectNode sumObjects(List<ResultsFolder> folders, String block, String field) {
        ObjectNode out = JSON.createObjectNode();
        folders.forEach(f -> addInto(out, f.summary().path(block).path(field)));
        return out;
    }

    private static void addInto(ObjectNode into, JsonNode from) {
        for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isObject()) {
                JsonNode existing = into.path(e.getKey());
                addInto(existing.isObject() ? (ObjectNode) existing : into.putObject(e.getKey()), e.getValue());
            } else {
                into.put(e.getKey(), into.path(e.getKey()).asLong() + e.getValue().asLong());
            }
        }
    }
}
