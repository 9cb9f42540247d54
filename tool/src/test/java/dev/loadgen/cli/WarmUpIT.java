package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --warm-up}: the load's first seconds are sent to the target and kept apart, in warm-up/, so the results
 * folder's own figures (and so summary, thresholds and comparisons) are the measured part's; nothing is lost: the two
 * add up to what the target received.
 */
class WarmUpIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void the_warm_up_is_sent_and_kept_apart_and_the_two_parts_add_up() throws Exception {
        try (CountingTarget target = new CountingTarget()) {
            Main m = new Main();
            Path out = dir.resolve("run");
            new CommandLine(m).parseArgs("--url", target.url(), "--users", "5", "--think", "50ms",
                    "--duration", "5s", "--warm-up", "2s", "--self-warm", "0", "--quiet", "--metrics-port", "0", "--dashboard-port", "0",
                    "--threshold", "count < 100000", "--out", out.toString());
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            PrintStream p = new PrintStream(console, true, StandardCharsets.UTF_8);
            int code = new Runner(RunRequest.from(m), p, p).run();
            String text = console.toString(StandardCharsets.UTF_8);
            assertThat(code).as(text).isZero();
            assertThat(text).contains("the first 2s a warm-up kept apart").contains("warm-up, left out: see warm-up/");

            JsonNode measured = JSON.readTree(out.resolve("summary.json").toFile());
            JsonNode warm = JSON.readTree(out.resolve("warm-up/summary.json").toFile());
            long a = measured.path("totals").path("requests").asLong();
            long b = warm.path("totals").path("requests").asLong();
            assertThat(a).isPositive();
            assertThat(b).isPositive();
            assertThat(a + b).as(text).isEqualTo(target.received());
            assertThat(measured.path("warmUpSeconds").asDouble()).isBetween(1.9, 2.6);
            assertThat(measured.path("durationSeconds").asDouble()).isBetween(2.4, 3.5);
            // the threshold judged the measured part's count, the warm-up's summary judges none
            assertThat(measured.path("thresholds").get(0).path("value").asLong()).isEqualTo(a);
            assertThat(warm.path("thresholds")).isEmpty();

            // the histogram logs: the folder's own hold the measured seconds, warm-up/ the first two
            assertThat(intervalStarts(out.resolve("latency.hlog"))).isNotEmpty().allSatisfy(t -> assertThat(t).isGreaterThanOrEqualTo(1.9));
            assertThat(intervalStarts(out.resolve("warm-up/latency.hlog"))).isNotEmpty().allSatisfy(t -> assertThat(t).isLessThan(2.1));
            // the counts are taken a moment after the histograms at the switch: a request or two recorded in between
            // counts on one side and is timed on the other, never lost (a + b above) nor counted twice
            long inLogs = count(out.resolve("latency.hlog"));
            assertThat(inLogs + count(out.resolve("warm-up/latency.hlog"))).isEqualTo(a + b);
            assertThat(Math.abs(inLogs - a)).isLessThanOrEqualTo(5);

            // the timeline keeps every second, the warm-up's marked (greyed in the report, skipped by compare)
            List<JsonNode> lines = new ArrayList<>();
            for (String l : Files.readAllLines(out.resolve("timeline.jsonl"))) {
                lines.add(JSON.readTree(l));
            }
            // (the collector wakes on the second, give or take how busy the machine is: 2.077 s was seen at a load of 10)
            assertThat(lines.stream().filter(l -> l.path("warmUp").asBoolean()).map(l -> Math.floor(l.path("t").asDouble())))
                    .containsExactly(1.0, 2.0);
            assertThat(lines.stream().filter(l -> !l.path("warmUp").asBoolean()).mapToLong(l -> l.path("requests").asLong()).sum())
                    .isEqualTo(a);
        }
    }

    private static List<Double> intervalStarts(Path log) throws Exception {
        List<Double> out = new ArrayList<>();
        HistogramLogReader r = new HistogramLogReader(log.toFile());
        for (EncodableHistogram h = r.nextIntervalHistogram(); h != null; h = r.nextIntervalHistogram()) {
            out.add(h.getStartTimeStamp() / 1000.0 - r.getStartTimeSec());
        }
        r.close();
        return out;
    }

    private static long count(Path log) throws Exception {
        long n = 0;
        HistogramLogReader r = new HistogramLogReader(log.toFile());
        for (EncodableHistogram h = r.nextIntervalHistogram(); h != null; h = r.nextIntervalHistogram()) {
            n += ((org.HdrHistogram.Histogram) h).getTotalCount();
        }
        r.close();
        return n;
    }
}
