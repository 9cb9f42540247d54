package dev.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadgen.metrics.ConnectionSample;
import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.Outcome;
import dev.loadgen.metrics.RequestSample;
import dev.loadgen.metrics.WsCounters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** New connections go through the results folder (connections.hlog) into the summary, and a merge adds them up. */
class ConnectionsRecordTest {
    private static final long MS = 1_000_000;

    @TempDir
    Path tmp;

    /** A run whose {@code n} requests each opened a connection: connect {@code connectMs}, TLS handshake {@code i} ms for the i-th. */
    private static Path run(int n, long connectMs) {
        Metrics metrics = new Metrics();
        EndpointMeter m = metrics.endpoint("api", "GET /items", "GET");
        EndpointMeter reused = metrics.endpoint("api", "GET /items/{id}", "GET");
        for (int i = 1; i <= n; i++) {
            metrics.record(new RequestSample(m, 200, Outcome.OK, 0, 0, 20 * MS));
            metrics.opened(new ConnectionSample(m, connectMs * MS, OptionalLong.of(i * MS)));
            metrics.record(new RequestSample(reused, 200, Outcome.OK, 0, 0, 5 * MS));
        }
        return RecordedRuns.record(metrics, new WsCounters(), List.of());
    }

    @Test
    void an_endpoints_connections_are_read_back_from_the_folder() {
        Path dir = run(4, 1);
        try {
            Summary s = Summary.of(RunRecord.read(dir));
            Summary.Connections opened = s.endpoints().get(0).connections();
            assertThat(opened.opened()).isEqualTo(4);
            assertThat(opened.handshakes()).isEqualTo(4);
            assertThat(Summary.millis(opened.tls(), 100)).isCloseTo(4.0, org.assertj.core.data.Offset.offset(0.01));
            assertThat(Summary.millis(opened.connect(), 50)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
            assertThat(s.endpoints().get(1).connections().opened()).isZero();
            assertThat(s.connections().opened()).isEqualTo(4);
        } finally {
            RecordedRuns.delete(dir);
        }
    }

    @Test
    void a_folder_written_before_connections_were_timed_reads_as_none_opened() throws Exception {
        Path dir = run(2, 1);
        try {
            Files.delete(dir.resolve(HistogramLogs.CONNECTIONS));
            Summary s = Summary.of(RunRecord.read(dir));
            assertThat(s.connections().opened()).isZero();
            assertThat(SummaryJson.tree(s).path("endpoints").get(0).path("connections").path("opened").asLong()).isZero();
        } finally {
            RecordedRuns.delete(dir);
        }
    }

    @Test
    void a_merge_adds_the_instances_connections_and_takes_percentiles_of_their_union() throws Exception {
        Path a = run(3, 1);
        Path b = run(2, 9);
        try {
            Path out = tmp.resolve("merged");
            ResultsMerge.Result r = ResultsMerge.merge(List.of(a, b), out);
            JsonNode c = IntervalJson.JSON.readTree(out.resolve("summary.json").toFile()).path("endpoints").get(0).path("connections");
            assertThat(c.path("opened").asLong()).isEqualTo(5);
            assertThat(c.path("tlsHandshakes").asLong()).isEqualTo(5);
            // connects: 1, 1, 1, 9, 9 ms; handshakes: 1, 2, 3, 1, 2 ms
            assertThat(c.path("connectMs").path("p50").asDouble()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
            assertThat(c.path("connectMs").path("max").asDouble()).isCloseTo(9.0, org.assertj.core.data.Offset.offset(0.01));
            assertThat(c.path("tlsMs").path("max").asDouble()).isCloseTo(3.0, org.assertj.core.data.Offset.offset(0.01));
            assertThat(r.summary().connections().opened()).isEqualTo(5);
            // the merged folder is a results folder: read again, the same figures
            assertThat(Summary.of(RunRecord.read(out)).connections().opened()).isEqualTo(5);
        } finally {
            RecordedRuns.delete(a);
            RecordedRuns.delete(b);
        }
    }
}
