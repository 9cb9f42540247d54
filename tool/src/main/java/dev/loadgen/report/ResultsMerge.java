package dev.loadgen.report;

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
import java.util.function.Function;
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
    /** What a merge produced, for the command to print. */
    public record Result(Path out, MergedSummary summary, List<String> warnings) {}

    private ResultsMerge() {}

    public static Result merge(List<Path> dirs, Path out) throws IOException {
        if (dirs.size() < 2) {
            throw new MergeException("give two or more results folders, one per instance: loadgen merge DIR DIR... [--out DIR]");
        }
        List<ResultsFolder> folders = new ArrayList<>();
        Map<Path, Path> seen = new HashMap<>();
        for (Path d : dirs) {
            Path real = Files.isDirectory(d) ? d.toRealPath() : d.toAbsolutePath().normalize();
            Path before = seen.putIfAbsent(real, d);
            if (before != null) {
                throw new MergeException(d + " is given twice (also as " + before + "); give each instance's folder once");
            }
            folders.add(ResultsFolder.read(d));
        }
        List<String> warnings = new ArrayList<>();
        check(folders, warnings);
        if (Files.exists(out) && (!Files.isDirectory(out) || !isEmpty(out))) {
            throw new MergeException(out + " already exists; give another --out, or delete it first");
        }
        MergedSummary summary = MergedSummary.of(folders, warnings);
        Files.createDirectories(out);
        summary.write(out.resolve("summary.json"));
        long base = folders.stream().mapToLong(f -> f.startedAt().toEpochMilli()).min().orElseThrow();
        writeLog(out.resolve("latency.hlog"), folders, ResultsFolder::latency, base,
                "request latency from the intended start, microseconds");
        writeLog(out.resolve("service-time.hlog"), folders, ResultsFolder::serviceTime, base,
                "service time from the actual send, microseconds");
        return new Result(out, summary, warnings);
    }

    /**
     * Segments of one run must agree: the same loadgen, model, segment count and seed, each index once.
     * Whole runs (segment 0/1) may be merged side by side, whatever their seeds.
     */
    private static void check(List<ResultsFolder> folders, List<String> warnings) {
        ResultsFolder first = folders.getFirst();
        for (ResultsFolder f : folders) {
            same(first, f, "loadgen", "versions", "merge folders written by the same loadgen version");
            same(first, f, "model", "load models", "merge the instances of one run, which share a config");
            if (!f.segment().matches("\\d+/\\d+")) {
                throw new MergeException(f.dir() + ": segment '" + f.segment() + "' is not i/n; was summary.json edited?");
            }
        }
        int count = segmentCount(first);
        boolean segmented = folders.stream().anyMatch(f -> segmentCount(f) > 1);
        if (!segmented) {
            return;
        }
        Map<Integer, ResultsFolder> byIndex = new HashMap<>();
        for (ResultsFolder f : folders) {
            if (segmentCount(f) != count) {
                throw new MergeException(f.dir() + " is segment " + f.segment() + " but " + first.dir() + " is segment "
                        + first.segment() + "; merge the segments of one run, all i/" + count);
            }
            same(first, f, "seed", "seeds", "the segments of one run share a seed (--seed); these folders are from different runs");
            ResultsFolder twin = byIndex.putIfAbsent(segmentIndex(f), f);
            if (twin != null) {
                throw new MergeException(f.dir() + " and " + twin.dir() + " are both segment " + f.segment()
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

    private static void same(ResultsFolder a, ResultsFolder b, String field, String what, String fix) {
        String x = a.summary().path(field).asText();
        String y = b.summary().path(field).asText();
        if (!x.equals(y)) {
            throw new MergeException("different " + what + ": " + a.dir() + " has " + field + " " + x + ", " + b.dir()
                    + " has " + y + "; " + fix);
        }
    }

    private static int segmentCount(ResultsFolder f) {
        return Integer.parseInt(f.segment().substring(f.segment().indexOf('/') + 1));
    }

    private static int segmentIndex(ResultsFolder f) {
        return Integer.parseInt(f.segment().substring(0, f.segment().indexOf('/')));
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
    private static void writeLog(Path file, List<ResultsFolder> folders, Function<ResultsFolder, List<Histogram>> which,
                                 long baseMillis, String what) throws IOException {
        List<Histogram> all = new ArrayList<>();
        folders.forEach(f -> all.addAll(which.apply(f)));
        all.sort(Comparator.comparingLong(Histogram::getStartTimeStamp));
        try (PrintStream ps = new PrintStream(file.toFile(), StandardCharsets.US_ASCII)) {
            HistogramLogWriter w = HistogramLogs.header(new HistogramLogWriter(ps), baseMillis,
                    "merge of " + folders.size() + " results folders: " + what);
            all.forEach(w::outputIntervalHistogram);
        }
    }
}
