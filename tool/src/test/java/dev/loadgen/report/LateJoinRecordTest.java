package dev.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgen.engine.EngineResult;
import dev.loadgen.engine.LateJoin;
import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.Outcome;
import dev.loadgen.metrics.RequestSample;
import dev.loadgen.metrics.WsCounters;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An instance that joined its run late ({@code --start-at}): its results folder says how, and so does a merge of it. */
class LateJoinRecordTest {
    @TempDir
    Path dir;

    private final List<Path> recorded = new ArrayList<>();

    @AfterEach
    void deleteRecorded() {
        recorded.forEach(RecordedRuns::delete);
    }

    private Path run(Optional<LateJoin> late) {
        Metrics metrics = new Metrics();
        EndpointMeter feed = metrics.endpoint("posts", "GET /feed", "GET");
        metrics.record(new RequestSample(feed, 200, Outcome.OK, 0, 0, 1_000_000));
        EngineResult e = RecordedRuns.ENGINE;
        Path r = RecordedRuns.record(metrics, new WsCounters(), List.of(), new EngineResult(e.loadNanos(), e.totalNanos(), e.reason(),
                e.usersStarted(), e.peakUsers(), e.dropped(), e.interruptedUsers(), late));
        recorded.add(r);
        return r;
    }

    private static JsonNode summary(Path dir) throws IOException {
        SummaryJson.write(Summary.of(RunRecord.read(dir)), dir.resolve("summary.json"));
        return new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
    }

    @Test
    void summary_json_says_how_late_the_instance_joined_and_how_it_caught_up() throws IOException {
        JsonNode late = summary(run(Optional.of(new LateJoin(3_250_000_000L, 2, 0))));
        assertThat(late.path("lateJoin").path("lateSeconds").asDouble()).isEqualTo(3.25);
        assertThat(late.path("lateJoin").path("usersStartedAtOnce").asLong()).isEqualTo(2);
        assertThat(late.path("lateJoin").path("arrivalsMissed").asLong()).isZero();
        assertThat(summary(run(Optional.empty())).has("lateJoin")).as("an instance on time").isFalse();
    }

    @Test
    void a_merge_keeps_the_latest_join_and_the_users_and_arrivals_of_all_and_warns_of_each() throws IOException {
        Path first = run(Optional.of(new LateJoin(3_250_000_000L, 2, 0)));
        Path second = run(Optional.empty());
        Path third = run(Optional.of(new LateJoin(1_500_000_000L, 1, 4)));
        ResultsMerge.Result m = ResultsMerge.merge(List.of(first, second, third), dir.resolve("merged"));
        JsonNode s = new ObjectMapper().readTree(dir.resolve("merged/summary.json").toFile());
        assertThat(s.path("lateJoin").path("lateSeconds").asDouble()).isEqualTo(3.25);
        assertThat(s.path("lateJoin").path("usersStartedAtOnce").asLong()).isEqualTo(3);
        assertThat(s.path("lateJoin").path("arrivalsMissed").asLong()).isEqualTo(4);
        assertThat(m.warnings()).contains(
                first + " joined its run 3.3s after the start time (2 users started at once to catch up), so the merged run's first "
                        + "seconds lack some of its load",
                third + " joined its run 1.5s after the start time (4 arrivals not sent), so the merged run's first seconds lack some of "
                        + "its load");
        assertThat(m.warnings()).noneMatch(w -> w.startsWith(second.toString()));
    }
}
