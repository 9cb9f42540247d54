package dev.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgen.config.ConfigLoader;
import dev.loadgen.config.Origin;
import dev.loadgen.config.RunConfig;
import dev.loadgen.config.Threshold;
import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.Outcome;
import dev.loadgen.metrics.RequestSample;
import dev.loadgen.metrics.ThresholdCheck;
import dev.loadgen.metrics.WsCounters;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that a threshold with abort-on-fail ended: the results folder says which threshold, and every summary
 * computed from it (the run's, a merge's) fails that threshold, whatever its value at the end.
 */
class AbortedRunTest {
    @TempDir
    Path dir;

    /** The folders RecordedRuns made outside {@link #dir}, deleted after each test. */
    private final List<Path> recorded = new ArrayList<>();

    @AfterEach
    void deleteRecorded() {
        recorded.forEach(RecordedRuns::delete);
    }

    private Path record(Metrics metrics, List<String> thresholds) {
        Path r = RecordedRuns.record(metrics, new WsCounters(), thresholds);
        recorded.add(r);
        return r;
    }

    private static final Threshold ERRORS = Threshold.parse("errors.rate < 1%", Origin.DEFAULTS).abortingAfter(Duration.ofSeconds(10));

    /** 100 good requests: every threshold below holds on them. */
    private static Metrics healthy() {
        Metrics metrics = new Metrics();
        EndpointMeter read = metrics.endpoint("posts", "GET /posts/{id}", "GET");
        for (int i = 0; i < 100; i++) {
            metrics.record(new RequestSample(read, 200, Outcome.OK, 0, 0, 1_000_000));
        }
        return metrics;
    }

    @Test
    void the_threshold_that_aborted_the_run_fails_and_says_so_and_the_others_are_as_they_were() throws IOException {
        Metrics metrics = healthy();
        // it failed at 10 s (the errors came early), though at the end the rate is back under 1%
        metrics.abortedBy(new ThresholdCheck.Result(ERRORS, 0.5, false));
        Summary s = RecordedRuns.summary(metrics, new WsCounters(), List.of("p95 < 1s", "errors.rate < 1%"));
        assertThat(s.thresholdsHeld()).isFalse();
        JsonNode json = new ObjectMapper().readTree(SummaryJson.render(s));
        JsonNode held = json.path("thresholds").get(0);
        JsonNode aborted = json.path("thresholds").get(1);
        assertThat(held.path("ok").asBoolean()).isTrue();
        assertThat(held.has("abortedRun")).isFalse();
        assertThat(aborted.path("expression").asText()).isEqualTo("errors.rate < 1%");
        assertThat(aborted.path("ok").asBoolean()).isFalse();
        assertThat(aborted.path("value").asDouble()).isZero();
        assertThat(aborted.path("abortedRun").asBoolean()).isTrue();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ConsoleSummary.print(s, new PrintStream(b, true, StandardCharsets.UTF_8));
        assertThat(b.toString(StandardCharsets.UTF_8)).contains("FAILED  errors.rate < 1%  (0.00%)  aborted the run")
                .contains("ok      p95 < 1s  (1.0ms)");
    }

    @Test
    void a_run_no_threshold_aborted_has_no_trace_of_it() throws IOException {
        Summary s = RecordedRuns.summary(healthy(), new WsCounters(), List.of("errors.rate < 1%"));
        assertThat(s.thresholdsHeld()).isTrue();
        assertThat(new ObjectMapper().readTree(SummaryJson.render(s)).path("thresholds").get(0).has("abortedRun")).isFalse();
    }

    @Test
    void a_merge_fails_a_threshold_that_aborted_any_of_its_runs() throws IOException {
        Metrics aborted = healthy();
        aborted.abortedBy(new ThresholdCheck.Result(ERRORS, 0.5, false));
        Path one = record(aborted, List.of("errors.rate < 1%"));
        Path two = record(healthy(), List.of("errors.rate < 1%"));
        Summary merged = Summary.of(RunRecord.merge(List.of(RunRecord.read(one), RunRecord.read(two))));
        assertThat(merged.thresholds()).singleElement().satisfies(r -> {
            assertThat(r.abortedRun()).isTrue();
            assertThat(r.ok()).isFalse();
        });
    }

    @Test
    void config_json_keeps_the_abort_setting_and_the_summary_still_reads_the_expression() throws IOException {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, "thresholds:\n  - 'p95 < 1s'\n  - {threshold: 'errors.rate < 1%', abort-on-fail: true, abort-grace: 15s}\n");
        RunConfig c = ConfigLoader.load(Optional.of(f), List.of(), List.of(), k -> null, () -> 5L);
        ConfigJson.write(c, dir);
        JsonNode thresholds = IntervalJson.JSON.readTree(dir.resolve(ConfigJson.FILE).toFile()).path("thresholds");
        assertThat(thresholds.get(0).asText()).isEqualTo("p95 < 1s");
        assertThat(thresholds.get(1).toString()).isEqualTo("{\"threshold\":\"errors.rate < 1%\",\"abort-on-fail\":true,\"abort-grace\":\"15s\"}");

        Path run = record(healthy(), List.of());
        Files.copy(dir.resolve(ConfigJson.FILE), run.resolve(ConfigJson.FILE), StandardCopyOption.REPLACE_EXISTING);
        assertThat(RunRecord.read(run).thresholds()).containsExactly("p95 < 1s", "errors.rate < 1%");
    }
}
