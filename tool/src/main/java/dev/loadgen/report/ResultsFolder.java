package dev.loadgen.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * One instance's results folder, read back for {@code loadgen merge}: its {@code summary.json} and the
 * interval histograms of {@code latency.hlog} and {@code service-time.hlog}. Anything missing or
 * unreadable is a {@link MergeException} naming the folder and what to do.
 */
record ResultsFolder(Path dir, JsonNode summary, Instant startedAt, double durationSeconds, List<Histogram> latency,
                     List<Histogram> serviceTime) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static ResultsFolder read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new MergeException(dir + ": no such folder; give the results folders that the instances wrote (--out)");
        }
        Path summaryFile = dir.resolve("summary.json");
        if (!Files.isRegularFile(summaryFile)) {
            throw new MergeException(dir + ": no summary.json, so not a finished loadgen results folder; "
                    + "give the folder a run wrote at its end");
        }
        JsonNode summary;
        try {
            summary = JSON.readTree(summaryFile.toFile());
        } catch (IOException e) {
            throw new MergeException(summaryFile + ": not valid JSON (" + firstLine(e) + "); was it cut short or edited?");
        }
        for (String field : List.of("loadgen", "startedAt", "durationSeconds", "model", "seed", "segment", "totals", "endpoints")) {
            if (summary.path(field).isMissingNode()) {
                throw new MergeException(summaryFile + ": field '" + field + "' is missing; merge reads summary.json "
                        + "as loadgen 0.1.0 writes it (docs/results.md)");
            }
        }
        Instant started;
        try {
            started = Instant.parse(summary.path("startedAt").asText());
        } catch (DateTimeParseException e) {
            throw new MergeException(summaryFile + ": startedAt '" + summary.path("startedAt").asText() + "' is not a time like 2026-11-29T10:00:00Z");
        }
        return new ResultsFolder(dir, summary, started, summary.path("durationSeconds").asDouble(),
                histograms(dir.resolve("latency.hlog")), histograms(dir.resolve("service-time.hlog")));
    }

    String segment() {
        return summary.path("segment").asText();
    }

    /** The folder's histograms summed per tag ({@code service/METHOD_path}), in microseconds. */
    static Map<String, Histogram> byTag(List<Histogram> intervals) {
        Map<String, Histogram> out = new LinkedHashMap<>();
        for (Histogram h : intervals) {
            out.computeIfAbsent(h.getTag(), t -> new Histogram(3)).add(h);
        }
        return out;
    }

    private static List<Histogram> histograms(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new MergeException(file.getParent() + ": no " + file.getFileName() + "; merge needs the histogram logs "
                    + "beside summary.json to compute percentiles (they are never averaged)");
        }
        List<Histogram> out = new ArrayList<>();
        try {
            HistogramLogReader reader = new HistogramLogReader(file.toFile());
            for (EncodableHistogram e = reader.nextIntervalHistogram(); e != null; e = reader.nextIntervalHistogram()) {
                if (!(e instanceof Histogram h)) {
                    throw new MergeException(file + ": holds a floating-point histogram; loadgen writes integer ones (microseconds)");
                }
                out.add(h);
            }
        } catch (FileNotFoundException e) {
            throw new MergeException(file + ": cannot be read (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            if (e instanceof MergeException m) {
                throw m;
            }
            throw new MergeException(file + ": not an HdrHistogram log (" + firstLine(e) + "); was it cut short or edited?");
        }
        return out;
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
