package dev.loadgen.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * {@code loadgen merge}: the results folders of several instances (execution segments of one run, or
 * whole runs side by side) combined into one folder, as if one instance had sent everything.
 *
 * <p>Counts are summed. Percentiles are computed from the sum of the instances' HdrHistograms, read back
 * from their {@code .hlog} files: a percentile of a union is not a function of the parts' percentiles
 * (two instances with p95 = 10 ms and 1,000 ms can have a joint p95 anywhere between them, depending on
 * their counts and shapes), so averaging them would be wrong, while adding histograms bucket by bucket
 * is exact to HdrHistogram's precision. Thresholds are evaluated again on the merged figures.
 */
public final class ResultsMerge {
    /** What a merge produced, for the command to print; {@code report} is report.html when it could be written. */
    public record Result(Path out, Summary summary, List<String> warnings, java.util.Optional<Path> report) {}

    private ResultsMerge() {}

    /**
     * Writes into {@code out} a results folder of the merged run: summary.json (with a {@code merged} block
     * naming the sources), counts.json, config.json (the first folder's, with every folder's thresholds) and
     * the histogram logs, so the merged folder can itself be read, reported on and merged again.
     */
    public static Result merge(List<Path> dirs, Path out) throws IOException {
        if (dirs.isEmpty()) {
            throw new ResultsException("give the results folders to merge, one per instance: loadgen merge DIR... [--out DIR]");
        }
        List<RunRecord> records = new ArrayList<>();
        Map<Path, Path> seen = new HashMap<>();
        for (Path d : dirs) {
            Path real = Files.isDirectory(d) ? d.toRealPath() : d.toAbsolutePath().normalize();
            Path before = seen.putIfAbsent(real, d);
            if (before != null) {
                throw new ResultsException(d + " is given twice (also as " + before + "); give each instance's folder once");
            }
            records.add(RunRecord.read(d));
        }
        List<String> warnings = new ArrayList<>();
        check(records, warnings);
        for (RunRecord r : records) {
            Counts.lateJoin(r.run()).ifPresent(j -> warnings.add(String.format(java.util.Locale.ROOT,
                    "%s joined its run %.1fs after the start time (%s), so the merged run's first seconds lack some of its load",
                    dir(r), j.lateSeconds(), j.arrivalsMissed() > 0 ? j.arrivalsMissed() + " arrivals not sent"
                            : j.usersAtOnce() + " users started at once to catch up")));
        }
        if (Files.exists(out) && (!Files.isDirectory(out) || !isEmpty(out))) {
            throw new ResultsException(out + " already exists; give another --out, or delete it first");
        }
        RunRecord merged = RunRecord.merge(records);
        Summary summary = Summary.of(merged);
        Files.createDirectories(out);
        ObjectNode json = SummaryJson.tree(summary);
        ObjectNode block = json.putObject("merged");
        block.put("instances", records.size());
        ArrayNode segments = block.putArray("segments");
        ArrayNode sources = block.putArray("sources");
        records.forEach(r -> {
            segments.add(r.run().path("segment").asText());
            sources.add(r.dirs().getFirst().toString());
        });
        ArrayNode notes = block.putArray("warnings");
        warnings.forEach(notes::add);
        Files.writeString(out.resolve("summary.json"), IntervalJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
        Counts.write(merged.counts(), out);
        JunitXml.write(summary, out);
        ObjectNode config = (ObjectNode) IntervalJson.JSON.readTree(records.getFirst().dirs().getFirst().resolve(ConfigJson.FILE).toFile());
        ArrayNode thresholds = config.putArray("thresholds");
        merged.thresholds().forEach(thresholds::add);
        Files.writeString(out.resolve(ConfigJson.FILE), IntervalJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config) + "\n");
        long base = records.stream().mapToLong(r -> r.startedAt().toEpochMilli()).min().orElseThrow();
        String what = "merge of " + records.size() + " results folders: ";
        writeLog(out.resolve(HistogramLogs.LATENCY), merged.intervals().latency(), base, what + HistogramLogs.LATENCY_WHAT);
        writeLog(out.resolve(HistogramLogs.SERVICE_TIME), merged.intervals().serviceTime(), base, what + HistogramLogs.SERVICE_TIME_WHAT);
        writeLog(out.resolve(HistogramLogs.DELIVERY), merged.intervals().delivery(), base,
                what + "chat message delivery, microseconds; tag = echo or peer");
        writeLog(out.resolve(HistogramLogs.LAG), merged.intervals().lag(), base, what + HistogramLogs.LAG_WHAT);
        writeLog(out.resolve(HistogramLogs.CONNECTIONS), merged.intervals().connections(), base, what + HistogramLogs.CONNECTIONS_WHAT);
        java.util.Optional<Path> report = java.util.Optional.empty();
        List<Path> without = dirs.stream().filter(d -> !Files.isRegularFile(d.resolve(Timeline.FILE))).toList();
        if (!without.isEmpty()) {
            warnings.add("no timeline.jsonl in " + without.getFirst() + ", so no merged timeline and no report.html: each instance's "
                    + "report.html, in its own folder, has its charts");
        } else {
            TimelineMerge.write(dirs, records, out);
            try {
                report = java.util.Optional.of(HtmlReport.write(out));
            } catch (IOException | RuntimeException e) {
                warnings.add("report.html could not be written (" + e.getMessage() + "); run loadgen report " + out + " to retry");
            }
        }
        return new Result(out, summary, warnings, report);
    }

    /**
     * Segments of one run must agree: the same loadgen, model, segment count and seed, each index once.
     * Whole runs (segment 0/1) may be merged side by side, whatever their seeds.
     */
    private static void check(List<RunRecord> records, List<String> warnings) {
        RunRecord first = records.getFirst();
        for (RunRecord r : records) {
            same(first, r, "loadgen", "versions", "merge folders written by the same loadgen version");
            same(first, r, "model", "load models", "merge the instances of one run, which share a config");
            if (!segment(r).matches("\\d+/\\d+")) {
                throw new ResultsException(dir(r) + ": segment '" + segment(r) + "' is not i/n; was counts.json edited?");
            }
        }
        int count = segmentCount(first);
        if (records.stream().noneMatch(r -> segmentCount(r) > 1)) {
            return;
        }
        Map<Integer, RunRecord> byIndex = new HashMap<>();
        for (RunRecord r : records) {
            if (segmentCount(r) != count) {
                throw new ResultsException(dir(r) + " is segment " + segment(r) + " but " + dir(first) + " is segment "
                        + segment(first) + "; merge the segments of one run, all i/" + count);
            }
            same(first, r, "seed", "seeds", "the segments of one run share a seed (--seed); these folders are from different runs");
            RunRecord twin = byIndex.putIfAbsent(segmentIndex(r), r);
            if (twin != null) {
                throw new ResultsException(dir(r) + " and " + dir(twin) + " are both segment " + segment(r)
                        + "; each instance needs its own --segment i/" + count);
            }
        }
        TreeSet<Integer> missing = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            if (!byIndex.containsKey(i)) {
                missing.add(i);
            }
        }
        if (!missing.isEmpty()) {
            warnings.add("segments " + String.join(", ", missing.stream().map(i -> i + "/" + count).toList())
                    + " are missing: the totals cover " + byIndex.size() + " of " + count + " instances");
        }
    }

    private static Path dir(RunRecord r) {
        return r.dirs().getFirst();
    }

    private static String segment(RunRecord r) {
        return r.run().path("segment").asText();
    }

    private static void same(RunRecord a, RunRecord b, String field, String what, String fix) {
        String x = a.run().path(field).asText();
        String y = b.run().path(field).asText();
        if (!x.equals(y)) {
            throw new ResultsException("different " + what + ": " + dir(a) + " has " + field + " " + x + ", " + dir(b)
                    + " has " + y + "; " + fix);
        }
    }

    private static int segmentCount(RunRecord r) {
        return Integer.parseInt(segment(r).substring(segment(r).indexOf('/') + 1));
    }

    private static int segmentIndex(RunRecord r) {
        return Integer.parseInt(segment(r).substring(0, segment(r).indexOf('/')));
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    /**
     * Every instance's interval histograms in one log, in time order, on the earliest instance's base
     * time. Intervals of different instances are not aligned (each started its own clock), so they are
     * kept apart rather than summed per second; any HdrHistogram tool sums them over the window it asks for.
     */
    private static void writeLog(Path file, List<Histogram> intervals, long baseMillis, String what) throws IOException {
        List<Histogram> all = new ArrayList<>(intervals);
        all.sort(Comparator.comparingLong(Histogram::getStartTimeStamp));
        try (PrintStream ps = new PrintStream(file.toFile(), StandardCharsets.US_ASCII)) {
            HistogramLogWriter w = HistogramLogs.header(new HistogramLogWriter(ps), baseMillis, what);
            all.forEach(w::outputIntervalHistogram);
        }
    }
}
