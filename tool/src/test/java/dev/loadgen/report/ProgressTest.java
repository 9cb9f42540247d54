package dev.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.Outcome;
import dev.loadgen.metrics.Snapshot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private static Snapshot second(int t, EndpointMeter m, long ok, long errors, long latencyMicros) {
        Histogram h = new Histogram(3);
        for (int i = 0; i < ok + errors; i++) {
            h.recordValue(latencyMicros);
        }
        long[] outcomes = new long[Outcome.values().length];
        outcomes[Outcome.OK.ordinal()] = ok;
        outcomes[Outcome.HTTP_ERROR.ordinal()] = errors;
        return new Snapshot(t, 1.0, List.of(new Snapshot.EndpointInterval(m, h, h, outcomes, java.util.Map.of())), 7, 0, 0,
                new Histogram(3), new Histogram(3), new Histogram(3), new Histogram(3), false, false, Snapshot.Counters.NONE);
    }

    @Test
    void without_a_terminal_a_plain_line_comes_every_interval_with_that_interval_s_figures() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(b, true, StandardCharsets.UTF_8), false, 60, 10, () -> 10);
        EndpointMeter m = new Metrics().endpoint("posts", "GET /feed", "GET");
        for (int t = 1; t <= 20; t++) {
            p.interval(second(t, m, t <= 10 ? 100 : 50, t <= 10 ? 0 : 50, 2_000));
        }
        List<String> lines = b.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).containsExactly(
                "[00:10 / 01:00] users 7/10  req/s 100.0  p95 2.0ms  errors 0.00%  total 1000 req, 0 errors",
                "[00:20 / 01:00] users 7/10  req/s 100.0  p95 2.0ms  errors 50.00%  total 2000 req, 500 errors");
    }

    @Test
    void on_a_terminal_one_line_is_rewritten_every_second() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(b, true, StandardCharsets.UTF_8), true, 60, 10, () -> 10);
        EndpointMeter m = new Metrics().endpoint("posts", "GET /feed", "GET");
        p.interval(second(1, m, 10, 0, 1_000));
        p.interval(second(2, m, 20, 0, 1_000));
        String out = b.toString(StandardCharsets.UTF_8);
        assertThat(out).startsWith("\r[00:01 / 01:00]").contains("\r[00:02 / 01:00] users 7/10  req/s 20.0").doesNotContain("\n");
    }

    @Test
    void injected_faults_show_apart_from_the_errors() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(b, true, StandardCharsets.UTF_8), false, 60, 1, () -> 10);
        EndpointMeter m = new Metrics().endpoint("posts", "GET /feed", "GET");
        Snapshot s = second(1, m, 90, 0, 1_000);
        s.endpoints().get(0).outcomes()[Outcome.CHAOS.ordinal()] = 10;
        p.interval(s);
        assertThat(b.toString(StandardCharsets.UTF_8).strip()).endsWith("errors 0.00%  total 100 req, 0 errors, 10 chaos");
    }
}
