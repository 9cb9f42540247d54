package dev.loadgen.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadgen.config.LoadProfile;
import dev.loadgen.config.Segment;
import dev.loadgen.engine.EngineResult;
import dev.loadgen.metrics.IntervalCollector;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.WsCounters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A run's meters written to a results folder the way a run writes them (histogram logs through the
 * collector, counts.json, config.json's thresholds) and its summary read back from that folder.
 */
final class RecordedRuns {
    static final LoadProfile.Closed LOAD = new LoadProfile.Closed(List.of(new LoadProfile.Stage(Duration.ofSeconds(10), 2)),
            Duration.ofSeconds(30), Segment.WHOLE);
    static final RunInfo INFO = new RunInfo("0.1.0", Instant.parse("2026-11-29T10:00:00Z"), LOAD, 42, "built-in demo");
    static final EngineResult ENGINE = new EngineResult(10_000_000_000L, 10_500_000_000L, EngineResult.StopReason.COMPLETED, 2, 2, 0, 0,
            java.util.Optional.empty());

    private RecordedRuns() {}

    /** A ten-second run with these meters and thresholds, recorded into a new temporary folder: the caller deletes it. */
    static Path record(Metrics metrics, WsCounters ws, List<String> thresholds) {
        return record(metrics, ws, thresholds, ENGINE);
    }

    /** As {@link #record(Metrics, WsCounters, List)}, with the engine's result given. */
    static Path record(Metrics metrics, WsCounters ws, List<String> thresholds, EngineResult engine) {
        try {
            Path dir = Files.createTempDirectory("loadgen-record");
            IntervalCollector c = new IntervalCollector(metrics, ws, Duration.ofSeconds(1), System.nanoTime(), dev.loadgen.time.Clock.SYSTEM, w -> { throw new AssertionError(w); });
            c.add(new HistogramLogs(dir, INFO.startedAt().toEpochMilli()));
            c.finish();
            Counts.write(Counts.of(INFO, 10.0, engine, metrics, ws), dir);
            ObjectNode config = IntervalJson.JSON.createObjectNode();
            ArrayNode t = config.putArray("thresholds");
            thresholds.forEach(t::add);
            Files.writeString(dir.resolve(ConfigJson.FILE), config.toString());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The summary of such a run, read back from its folder; the folder is deleted once it is read. */
    static Summary summary(Metrics metrics, WsCounters ws, List<String> thresholds) {
        Path dir = record(metrics, ws, thresholds);
        try {
            return Summary.of(RunRecord.read(dir));
        } finally {
            delete(dir);
        }
    }

    /** Deletes a folder that {@link #record} made, with everything in it. */
    static void delete(Path dir) {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
