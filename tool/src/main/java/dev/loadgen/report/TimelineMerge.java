package dev.loadgen.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.loadgen.engine.LoadControl;
import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.Outcome;
import dev.loadgen.metrics.Snapshot;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The merged run's {@code timeline.jsonl}, second by second on the wall clock from the earliest instance's start: an
 * instance that started s seconds later (rounded) puts its k-th second into the merged run's second s + k. Counts are summed from the
 * instances' timelines; percentiles come from the sum of the instances' interval histograms of that second (their
 * {@code .hlog} files), never from their percentiles; running totals (sessions, WebSocket frames, chaos) and the
 * users running are each instance's latest, summed. Written in the very format of a run's own, so report.html draws
 * a merge as it draws a run.
 */
final class TimelineMerge {
    private TimelineMerge() {}

    /** One instance: its start, its timeline's lines and its interval histograms (absolute timestamps). */
    private record Instance(Instant start, List<JsonNode> lines, RunRecord record) {}

    static void write(List<Path> dirs, List<RunRecord> records, Path out) throws IOException {
        List<Instance> instances = new ArrayList<>();
        for (int i = 0; i < dirs.size(); i++) {
            List<JsonNode> lines = new ArrayList<>();
            HtmlReport.timeline(dirs.get(i)).forEach(lines::add);
            instances.add(new Instance(records.get(i).startedAt(), lines, records.get(i)));
        }
        Instant start = instances.stream().map(Instance::start).min(Instant::compareTo).orElseThrow();
        int last = 0;
        Map<Integer, List<JsonNode>> linesBySecond = new TreeMap<>();
        Map<Integer, Map<Integer, JsonNode>> latestBySecond = new HashMap<>();
        for (int i = 0; i < instances.size(); i++) {
            Instance in = instances.get(i);
            int offset = (int) Math.round(Duration.between(start, in.start()).toNanos() / 1e9);
            for (JsonNode line : in.lines()) {
                int k = offset + tick(line.path("t").asDouble(), line.path("dt").asDouble());
                linesBySecond.computeIfAbsent(k, x -> new ArrayList<>()).add(line);
                latestBySecond.computeIfAbsent(k, x -> new HashMap<>()).put(i, line);
                last = Math.max(last, k);
            }
        }
        Metrics meters = new Metrics();
        Map<String, EndpointMeter> byTag = new LinkedHashMap<>();
        Map<Integer, Map<String, Histogram>> latency = new HashMap<>();
        Map<Integer, Map<String, Histogram>> serviceTime = new HashMap<>();
        Map<Integer, Map<String, Histogram>> delivery = new HashMap<>();
        Map<Integer, Histogram> lag = new HashMap<>();
        for (Instance in : instances) {
            int offset = (int) Math.round(Duration.between(start, in.start()).toNanos() / 1e9);
            double own = in.start().toEpochMilli() / 1000.0;
            in.record().counts().path("endpoints").forEach(e -> byTag.computeIfAbsent(
                    HistogramLogs.tag(e.path("service").asText(), e.path("endpoint").asText()),
                    t -> meters.endpoint(e.path("service").asText(), e.path("endpoint").asText(), e.path("method").asText())));
            RunRecord.Intervals iv = in.record().intervals();
            bucket(iv.latency(), own, offset, latency);
            bucket(iv.serviceTime(), own, offset, serviceTime);
            bucket(iv.delivery(), own, offset, delivery);
            for (Histogram h : iv.lag()) {
                lag.computeIfAbsent(offset + tick(h, own), x -> new Histogram(3)).add(h);
            }
        }
        Map<Integer, JsonNode> latest = new HashMap<>();
        boolean segmented = instances.stream().allMatch(in -> in.record().run().path("segment").asText().matches("\\d+/([2-9]|\\d{2,})"));
        JsonNode first = instances.getFirst().lines().isEmpty() ? null : instances.getFirst().lines().getFirst();
        LoadControl.Model model = first != null && "open".equals(first.path("load").path("model").asText())
                ? LoadControl.Model.OPEN : LoadControl.Model.CLOSED;
        try (BufferedWriter w = Files.newBufferedWriter(out.resolve(Timeline.FILE), StandardCharsets.UTF_8)) {
            for (int k = 1; k <= last; k++) {
                List<JsonNode> lines = linesBySecond.getOrDefault(k, List.of());
                latest.putAll(latestBySecond.getOrDefault(k, Map.of()));
                Map<String, Histogram> lat = latency.getOrDefault(k, Map.of());
                Map<String, Histogram> svc = serviceTime.getOrDefault(k, Map.of());
                List<Snapshot.EndpointInterval> eps = new ArrayList<>();
                for (Map.Entry<String, EndpointMeter> e : byTag.entrySet()) {
                    long[] outcomes = new long[Outcome.values().length];
                    Map<String, Long> texts = new TreeMap<>();
                    for (JsonNode line : lines) {
                        for (JsonNode ep : line.path("endpoints")) {
                            if (HistogramLogs.tag(ep.path("service").asText(), ep.path("endpoint").asText()).equals(e.getKey())) {
                                for (Outcome o : Outcome.values()) {
                                    outcomes[o.ordinal()] += ep.path("outcomes").path(o.label).asLong();
                                }
                                ep.path("errorTexts").fields().forEachRemaining(t -> texts.merge(t.getKey(), t.getValue().asLong(), Long::sum));
                            }
                        }
                    }
                    eps.add(new Snapshot.EndpointInterval(e.getValue(), lat.getOrDefault(e.getKey(), new Histogram(3)),
                            svc.getOrDefault(e.getKey(), new Histogram(3)), outcomes, texts));
                }
                Map<String, Histogram> del = delivery.getOrDefault(k, Map.of());
                Snapshot s = new Snapshot(k, 1, eps, (int) sum(latest, "users", "active"), sum(latest, "sessions", "dropped"),
                        (int) sum(latest, "ws", "open"), del.getOrDefault("echo", new Histogram(3)), del.getOrDefault("peer", new Histogram(3)),
                        del.getOrDefault("reconnect", new Histogram(3)),
                        lag.getOrDefault(k, new Histogram(3)), k == last, lines.stream().anyMatch(l -> l.path("warmUp").asBoolean()),
                        new Snapshot.Counters(personas(latest), sum(latest, "sessions", "completed"), sum(latest, "sessions", "abandoned"),
                                sum(latest, "ws", "opened"), sum(latest, "ws", "sent"), sum(latest, "ws", "received"), sum(latest, "ws", "lost"),
                                sum(latest, "ws", "reconnectAttempts"), sum(latest, "ws", "reconnects"), chaos(latest)));
                // segments of one run each report the whole run's target; separate runs add theirs up
                double target = segmented ? latest.values().stream().mapToDouble(l -> l.path("load").path("target").asDouble()).max().orElse(0)
                        : latest.values().stream().mapToDouble(l -> l.path("load").path("target").asDouble()).sum();
                LoadControl.Phase phase = latest.values().stream().map(l -> l.path("load").path("phase").asText())
                        .anyMatch("running"::equals) ? LoadControl.Phase.RUNNING : LoadControl.Phase.STOPPING;
                w.write(IntervalJson.encode(s, new LoadControl.Status(model, target, s.activeUsers(), phase)));
                w.write('\n');
            }
        }
    }

    /**
     * Which of its instance's intervals (from 1) one ending {@code t} seconds after that instance's start and lasting
     * {@code dt} is: ticks drift by milliseconds (3.005), and the last interval may be short (6.074 after 6.0), so it is
     * told by where its middle lies, not by its end. The instance's seconds then fall one to one on the merged run's,
     * shifted by its start rounded to the second.
     */
    private static int tick(double t, double dt) {
        return Math.max(1, (int) Math.round(t - dt / 2 + 0.5));
    }

    private static int tick(Histogram h, double instanceStart) {
        double end = h.getEndTimeStamp() / 1000.0;
        return tick(end - instanceStart, (h.getEndTimeStamp() - h.getStartTimeStamp()) / 1000.0);
    }

    private static void bucket(List<Histogram> intervals, double instanceStart, int offset, Map<Integer, Map<String, Histogram>> into) {
        for (Histogram h : intervals) {
            into.computeIfAbsent(offset + tick(h, instanceStart), x -> new HashMap<>())
                    .computeIfAbsent(h.getTag() == null ? "" : h.getTag(), t -> new Histogram(3)).add(h);
        }
    }

    private static long sum(Map<Integer, JsonNode> latest, String block, String field) {
        return latest.values().stream().mapToLong(l -> l.path(block).path(field).asLong()).sum();
    }

    private static Map<String, Integer> personas(Map<Integer, JsonNode> latest) {
        Map<String, Integer> out = new TreeMap<>();
        latest.values().forEach(l -> l.path("users").path("byPersona").fields()
                .forEachRemaining(p -> out.merge(p.getKey(), p.getValue().asInt(), Integer::sum)));
        return out;
    }

    private static Map<String, Long> chaos(Map<Integer, JsonNode> latest) {
        Map<String, Long> out = new TreeMap<>();
        latest.values().forEach(l -> l.path("chaos").path("byKind").fields()
                .forEachRemaining(p -> out.merge(p.getKey(), p.getValue().asLong(), Long::sum)));
        return out;
    }
}
