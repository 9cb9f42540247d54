package dev.loadgen.report;

import dev.loadgen.engine.LoadControl;
import dev.loadgen.metrics.Sink;
import dev.loadgen.metrics.Snapshot;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code timeline.jsonl}: one {@link IntervalJson} line per interval, written as the run goes, so that
 * {@code report.html} can be rendered afterwards from the results folder alone (record first, render
 * later), and an interrupted run still leaves its timeline behind.
 */
public final class Timeline implements Sink {
    public static final String FILE = "timeline.jsonl";

    private final BufferedWriter out;
    private final LoadControl load;

    public Timeline(Path dir, LoadControl load) throws IOException {
        this.out = Files.newBufferedWriter(dir.resolve(FILE), StandardCharsets.UTF_8);
        this.load = load;
    }

    @Override
    public void interval(Snapshot s) {
        try {
            out.write(IntervalJson.encode(s, load.status()));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + FILE + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + FILE + ": " + e.getMessage(), e);
        }
    }
}
