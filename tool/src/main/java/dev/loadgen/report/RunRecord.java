package dev.loadgen.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadgen.engine.LateJoin;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * What a results folder records of a run, read back: its counts ({@code counts.json}), its histograms summed
 * over the whole run per tag (the interval logs), and its thresholds ({@code config.json}). The one source of
 * every summary: a run's own at its end, and a merge's, which is the record of several folders added up.
 *
 * @param latency     request latency per endpoint tag ({@link HistogramLogs#tag}), microseconds
 * @param serviceTime service time per endpoint tag, microseconds
 * @param delivery    chat message delivery per path ({@code echo}, {@code peer}), microseconds
 * @param lag         the generator's lag over the whole run (lag.hlog; empty for a folder written before it), microseconds
 * @param intervals   every interval histogram of the logs, read again when a merge or a comparison asks
 * @param connections new connections' connect and handshake times per tag ({@link HistogramLogs#CONNECT} or {@link HistogramLogs#TLS} and the endpoint's), microseconds
 *                    (empty for a folder written before connections.hlog was)
 */
public record RunRecord(List<Path> dirs, ObjectNode counts, Map<String, Histogram> latency, Map<String, Histogram> serviceTime,
                        Map<String, Histogram> delivery, Histogram lag, List<String> thresholds, Intervals intervals,
                        Map<String, Histogram> connections) {

    /**
     * The interval histograms of the four logs, folder after folder in the order written. They are read from the logs
     * each time they are asked for, never kept: only a merge and a comparison need them, and a long run's are too many to
     * hold (an hour of ten endpoints is 72,000 histograms of 16 KB or more).
     */
    public record Intervals(List<Path> dirs) {
        public Intervals {
            dirs = List.copyOf(dirs);
        }

        public List<Histogram> latency() {
            return read(HistogramLogs.LATENCY);
        }

        public List<Histogram> serviceTime() {
            return read(HistogramLogs.SERVICE_TIME);
        }

        public List<Histogram> delivery() {
            return read(HistogramLogs.DELIVERY);
        }

        /** Empty for a folder written before lag.hlog was. */
        public List<Histogram> lag() {
            return read(HistogramLogs.LAG);
        }

        /** Empty for a folder written before connections.hlog was. */
        public List<Histogram> connections() {
            return read(HistogramLogs.CONNECTIONS);
        }

        private List<Histogram> read(String log) {
            List<Histogram> out = new ArrayList<>();
            for (Path dir : dirs) {
                Path file = dir.resolve(log);
                if (!OPTIONAL.contains(log) || Files.isRegularFile(file)) {
                    histograms(file, out::add);
                }
            }
            return out;
        }
    }

    /** The logs a folder written by an earlier loadgen lacks: read as empty when missing. */
    private static final java.util.Set<String> OPTIONAL = java.util.Set.of(HistogramLogs.LAG, HistogramLogs.CONNECTIONS);

    /** Reads a results folder; anything missing or unreadable is a {@link ResultsException} naming the file and what to do. */
    public static RunRecord read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ResultsException(dir + ": no such folder; give a results folder that loadgen wrote (--out)");
        }
        ObjectNode counts = object(dir, Counts.FILE, "give the folder of a finished run (counts.json is written at its end)");
        for (String field : List.of("run", "endpoints", "users", "sessions", "ws", "chaos")) {
            if (!counts.path(field).isObject()) {
                throw new ResultsException(dir.resolve(Counts.FILE) + ": '" + field + "' is missing; was the file edited?");
            }
        }
        startedAt(dir, counts);
        ObjectNode config = object(dir, ConfigJson.FILE, "give the folder of a finished run");
        List<String> thresholds = new ArrayList<>();
        // an expression, or {threshold: expression, ...} for one marked abort-on-fail
        config.path("thresholds").forEach(t -> thresholds.add(t.isObject() ? t.path("threshold").asText() : t.asText()));
        Histogram lag = new Histogram(3);
        if (Files.isRegularFile(dir.resolve(HistogramLogs.LAG))) {
            histograms(dir.resolve(HistogramLogs.LAG), lag::add);
        }
        Path connections = dir.resolve(HistogramLogs.CONNECTIONS);
        return new RunRecord(List.of(dir), counts, byTag(dir.resolve(HistogramLogs.LATENCY)), byTag(dir.resolve(HistogramLogs.SERVICE_TIME)),
                byTag(dir.resolve(HistogramLogs.DELIVERY)), lag, thresholds, new Intervals(List.of(dir)),
                Files.isRegularFile(connections) ? byTag(connections) : Map.of());
    }

    /**
     * The earlier run that this one's baseline thresholds compare with ({@code baseline} in config.json), if it named
     * one; for a merge, the first instance's.
     */
    public java.util.Optional<Path> baseline() {
        JsonNode b = object(dirs.getFirst(), ConfigJson.FILE, "give the folder of a finished run").path("baseline");
        return b.isTextual() && !b.asText().isBlank() ? java.util.Optional.of(Path.of(b.asText())) : java.util.Optional.empty();
    }

    /** When the run started, as its counts say. */
    public Instant startedAt() {
        return startedAt(dirs.getFirst(), counts);
    }

    public JsonNode run() {
        return counts.path("run");
    }

    /**
     * Several records as one, as if one instance had sent everything: counts added up ({@link Counts#addInto}),
     * histograms added bucket by bucket (a percentile of a union is not a function of the parts' percentiles,
     * so they are never averaged), thresholds united. The run block: the earliest start, the time until the
     * last instance ended, the seed if all share it, the segment {@code merged}, the worst stop reason,
     * every threshold that aborted one of them, and the instances' late joins: the latest one's lateness, the users
     * and arrivals of all of them.
     */
    public static RunRecord merge(List<RunRecord> records) {
        if (records.size() == 1) {
            return records.getFirst();
        }
        ObjectNode counts = IntervalJson.JSON.createObjectNode();
        List<Path> dirs = new ArrayList<>();
        Map<String, Histogram> lat = new LinkedHashMap<>();
        Map<String, Histogram> svc = new LinkedHashMap<>();
        Map<String, Histogram> delivery = new LinkedHashMap<>();
        Map<String, Histogram> connections = new LinkedHashMap<>();
        Set<String> thresholds = new LinkedHashSet<>();
        Histogram lag = new Histogram(3);
        for (RunRecord r : records) {
            dirs.addAll(r.dirs());
            ObjectNode c = r.counts().deepCopy();
            c.remove("run");
            Counts.addInto(counts, c);
            add(lat, r.latency());
            add(svc, r.serviceTime());
            add(delivery, r.delivery());
            add(connections, r.connections());
            thresholds.addAll(r.thresholds());
            lag.add(r.lag());
        }
        ObjectNode merged = IntervalJson.JSON.createObjectNode();
        merged.set("run", mergedRun(records));
        merged.setAll(counts);
        return new RunRecord(dirs, merged, lat, svc, delivery, lag, List.copyOf(thresholds), new Intervals(dirs), connections);
    }

    private static ObjectNode mergedRun(List<RunRecord> records) {
        JsonNode first = records.getFirst().run();
        Instant start = records.stream().map(RunRecord::startedAt).min(Instant::compareTo).orElseThrow();
        long endMicros = records.stream().mapToLong(r -> micros(r.startedAt()) + Math.round(r.run().path("durationSeconds").asDouble() * 1e6))
                .max().orElseThrow();
        Set<String> targets = new LinkedHashSet<>();
        Set<String> reasons = new LinkedHashSet<>();
        Set<String> abortedBy = new LinkedHashSet<>();
        Set<String> aborted = new LinkedHashSet<>();
        records.forEach(r -> {
            if (r.run().path(Counts.ABORTED).isTextual()) {
                aborted.add(r.run().path(Counts.ABORTED).asText());
            }
            targets.add(r.run().path("target").asText());
            reasons.add(r.run().path("stopReason").asText("completed"));
            r.run().path(Counts.ABORTED_BY).forEach(e -> abortedBy.add(e.asText()));
        });
        ObjectNode run = IntervalJson.JSON.createObjectNode();
        run.put("loadgen", first.path("loadgen").asText());
        run.put("startedAt", start.toString());
        run.put("durationSeconds", (endMicros - micros(start)) / 1e6);
        run.put("model", first.path("model").asText());
        boolean oneSeed = records.stream().allMatch(r -> r.run().path("seed").asText().equals(first.path("seed").asText()));
        run.set("seed", oneSeed ? first.path("seed") : IntervalJson.JSON.nullNode());
        run.put("segment", "merged");
        run.put("target", String.join(", ", targets));
        run.put("stopReason", reasons.contains("aborted") ? "aborted" : reasons.contains("stopped") ? "stopped" : "completed");
        if (!abortedBy.isEmpty()) {
            abortedBy.forEach(run.putArray(Counts.ABORTED_BY)::add);
        }
        List<LateJoin> late = records.stream().flatMap(r -> Counts.lateJoin(r.run()).stream()).toList();
        if (!late.isEmpty()) {
            Counts.lateJoin(run, new LateJoin(late.stream().mapToLong(LateJoin::lateNanos).max().orElseThrow(),
                    late.stream().mapToLong(LateJoin::usersAtOnce).sum(), late.stream().mapToLong(LateJoin::arrivalsMissed).sum()));
        }
        if (!aborted.isEmpty()) {
            run.put(Counts.ABORTED, String.join(", ", aborted));
        }
        return run;
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    private static void add(Map<String, Histogram> into, Map<String, Histogram> from) {
        from.forEach((tag, h) -> into.computeIfAbsent(tag, t -> new Histogram(3)).add(h));
    }

    private static Instant startedAt(Path dir, JsonNode counts) {
        String text = counts.path("run").path("startedAt").asText();
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ResultsException(dir.resolve(Counts.FILE) + ": run.startedAt '" + text + "' is not a time like 2026-11-29T10:00:00Z");
        }
    }

    private static ObjectNode object(Path dir, String name, String fix) {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new ResultsException(dir + ": no " + name + "; " + fix);
        }
        try {
            JsonNode n = IntervalJson.JSON.readTree(file.toFile());
            if (n instanceof ObjectNode o) {
                return o;
            }
            throw new ResultsException(file + ": not a JSON object; was it edited?");
        } catch (IOException e) {
            throw new ResultsException(file + ": not valid JSON (" + firstLine(e) + "); was it cut short or edited?");
        }
    }

    /** A log's histograms summed per tag, in microseconds, read one interval at a time. */
    private static Map<String, Histogram> byTag(Path log) {
        Map<String, Histogram> out = new LinkedHashMap<>();
        histograms(log, h -> out.computeIfAbsent(h.getTag(), t -> new Histogram(3)).add(h));
        return out;
    }

    /** Hands each interval histogram of a log to {@code each}, in order; one that cannot be read is a {@link ResultsException}. */
    private static void histograms(Path file, Consumer<Histogram> each) {
        if (!Files.isRegularFile(file)) {
            throw new ResultsException(file.getParent() + ": no " + file.getFileName() + "; the percentiles are computed from the "
                    + "histogram logs beside counts.json (they are never averaged)");
        }
        try {
            HistogramLogReader reader = new HistogramLogReader(file.toFile());
            for (EncodableHistogram e = reader.nextIntervalHistogram(); e != null; e = reader.nextIntervalHistogram()) {
                if (!(e instanceof Histogram h)) {
                    throw new ResultsException(file + ": holds a floating-point histogram; loadgen writes integer ones (microseconds)");
                }
                each.accept(h);
            }
        } catch (FileNotFoundException e) {
            throw new ResultsException(file + ": cannot be read (" + e.getMessage() + ")");
        } catch (ResultsException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ResultsException(file + ": not an HdrHistogram log (" + firstLine(e) + "); was it cut short or edited?");
        }
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
