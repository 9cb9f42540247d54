package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgen.demo.Demo;
import dev.loadgen.demo.DemoSettings;
import dev.loadgen.demo.RunningDemo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Three execution segments (0/3, 1/3, 2/3) of one run against one demo app, then {@code loadgen merge}:
 * the totals are the sums of the three, and every percentile is the one of the three histogram logs
 * added together with HdrHistogram here, independently of the merge code.
 */
class MergeIT {
    @TempDir
    static Path dir;

    static final List<Path> SEGMENTS = new ArrayList<>();
    /** Each segment's run's exit code: 0, or 1 when one of its thresholds failed. */
    static final List<Integer> SEGMENT_CODES = new ArrayList<>();
    static final ObjectMapper JSON = new ObjectMapper();

    record Result(int code, String out, String err) {}

    static Result loadgen(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = args[0].equals("merge")
                ? new CommandLine(new MergeCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)))
                        .execute(java.util.Arrays.copyOfRange(args, 1, args.length))
                : runIn(args, out, err);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static int runIn(String[] args, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        Main m = new Main();
        new CommandLine(m).parseArgs(args);
        try {
            return new Runner(RunRequest.from(m), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8)).run();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @BeforeAll
    static void three_segments_of_one_run() throws Exception {
        try (RunningDemo demo = Demo.start(DemoSettings.defaults().withBasePort(0).withPasswordIterations(1000))) {
            for (int i = 0; i < 3; i++) {
                Path out = dir.resolve("segment-" + i);
                Result r = loadgen("--users", "7", "--ramp", "20/s", "--duration", "5s", "--think", "50ms", "--segment", i + "/3",
                        "--quiet", "--metrics-port", "0", "--out", out.toString(),
                        "--threshold", "p95 < 10s", "--threshold", "count > 0", "--threshold", "posts.p99 < 1ms",
                        "--set", "target.auth=" + demo.authUrl(), "--set", "target.users=" + demo.usersUrl(),
                        "--set", "target.posts=" + demo.postsUrl(), "--set", "target.chat=" + demo.chatUrl());
                assertThat(r.code()).as(r.err()).isIn(0, 1);
                SEGMENTS.add(out);
                SEGMENT_CODES.add(r.code());
            }
        }
    }

    @Test
    void merged_totals_are_the_sums_and_percentiles_come_from_the_merged_histograms() throws Exception {
        Path merged = dir.resolve("merged");
        Result r = loadgen("merge", SEGMENTS.get(0).toString(), SEGMENTS.get(1).toString(), SEGMENTS.get(2).toString(),
                "--out", merged.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(1);   // posts.p99 < 1ms cannot hold: thresholds are checked again
        JsonNode m = JSON.readTree(merged.resolve("summary.json").toFile());
        assertThat(Files.readString(merged.resolve("junit.xml"))).contains("<testsuite name=\"loadgen thresholds\"");
        List<JsonNode> parts = new ArrayList<>();
        for (Path p : SEGMENTS) {
            parts.add(JSON.readTree(p.resolve("summary.json").toFile()));
        }
        assertThat(parts).extracting(p -> p.path("segment").asText()).containsExactly("0/3", "1/3", "2/3");
        // 7 users dealt round-robin over three instances: 3, 2 and 2
        assertThat(parts).extracting(p -> p.path("users").path("started").asLong()).containsExactly(3L, 2L, 2L);
        assertThat(m.path("users").path("started").asLong()).isEqualTo(7);
        long requests = parts.stream().mapToLong(p -> p.path("totals").path("requests").asLong()).sum();
        assertThat(requests).isGreaterThan(30);
        assertThat(m.path("totals").path("requests").asLong()).isEqualTo(requests);
        for (String k : List.of("ok", "httpErrors", "timeouts", "connectErrors", "resets", "interrupted", "chaos", "organicErrors")) {
            assertThat(m.path("totals").path(k).asLong()).as(k).isEqualTo(parts.stream().mapToLong(p -> p.path("totals").path(k).asLong()).sum());
        }
        // the merged summary.json has every field an instance's has (docs/results.md: always present)
        for (String block : List.of("totals", "chaos")) {
            List<String> fields = new java.util.ArrayList<>();
            parts.getFirst().path(block).fieldNames().forEachRemaining(fields::add);
            assertThat(fields).isNotEmpty();
            for (String f : fields) {
                assertThat(m.path(block).has(f)).as(block + "." + f).isTrue();
            }
        }
        assertThat(m.path("merged").path("instances").asInt()).isEqualTo(3);
        assertThat(m.path("segment").asText()).isEqualTo("merged");

        Map<String, Long> counts = new HashMap<>();
        parts.forEach(p -> p.path("endpoints").forEach(e -> counts.merge(e.path("endpoint").asText(), e.path("count").asLong(), Long::sum)));
        Map<String, Histogram> expected = new HashMap<>();
        Histogram all = new Histogram(3);
        for (Path p : SEGMENTS) {
            HistogramLogReader reader = new HistogramLogReader(p.resolve("latency.hlog").toFile());
            for (EncodableHistogram e = reader.nextIntervalHistogram(); e != null; e = reader.nextIntervalHistogram()) {
                Histogram h = (Histogram) e;
                expected.computeIfAbsent(h.getTag(), t -> new Histogram(3)).add(h);
                all.add(h);
            }
        }
        assertThat(all.getTotalCount()).isEqualTo(requests);
        assertThat(m.path("latencyMs").path("p95").asDouble()).isEqualTo(ms(all, 95));
        assertThat(m.path("latencyMs").path("p99").asDouble()).isEqualTo(ms(all, 99));
        assertThat(m.path("latencyMs").path("max").asDouble()).isEqualTo(ms(all, 100));
        assertThat(m.path("endpoints")).hasSize(counts.size());
        for (JsonNode e : m.path("endpoints")) {
            String name = e.path("endpoint").asText();
            assertThat(e.path("count").asLong()).as(name).isEqualTo(counts.get(name));
            Histogram h = expected.get((e.path("service").asText() + "/" + name).replaceAll("[\\s,]", "_"));
            assertThat(h.getTotalCount()).as(name).isEqualTo(counts.get(name));
            assertThat(e.path("latencyMs").path("p50").asDouble()).as(name).isEqualTo(ms(h, 50));
            assertThat(e.path("latencyMs").path("p95").asDouble()).as(name).isEqualTo(ms(h, 95));
        }
        JsonNode thresholds = m.path("thresholds");
        assertThat(thresholds).hasSize(3);
        assertThat(thresholds.get(1).path("value").asLong()).isEqualTo(requests);
        assertThat(thresholds.get(2).path("ok").asBoolean()).isFalse();
        assertThat(r.out()).contains("merged 3 results folders: 7 users, " + requests + " requests");

        // the merged log holds every interval of the three
        HistogramLogReader reader = new HistogramLogReader(merged.resolve("latency.hlog").toFile());
        long total = 0;
        for (EncodableHistogram e = reader.nextIntervalHistogram(); e != null; e = reader.nextIntervalHistogram()) {
            total += ((Histogram) e).getTotalCount();
        }
        assertThat(total).isEqualTo(requests);
    }

    @Test
    void the_merge_has_a_timeline_second_by_second_and_a_report_that_renders() throws Exception {
        Path merged = dir.resolve("merged-report");
        Result r = loadgen("merge", SEGMENTS.get(0).toString(), SEGMENTS.get(1).toString(), SEGMENTS.get(2).toString(),
                "--out", merged.toString());
        assertThat(r.out()).contains("report: " + merged.resolve("report.html"));
        long requests = JSON.readTree(merged.resolve("summary.json").toFile()).path("totals").path("requests").asLong();
        // every instance's seconds on the wall clock, summed: the lines add up to the run, the last is marked
        List<JsonNode> lines = new ArrayList<>();
        for (String l : Files.readAllLines(merged.resolve("timeline.jsonl"))) {
            lines.add(JSON.readTree(l));
        }
        assertThat(lines.stream().mapToLong(l -> l.path("requests").asLong()).sum()).isEqualTo(requests);
        assertThat(lines.stream().mapToLong(l -> l.path("endpoints").findValues("count").stream().mapToLong(JsonNode::asLong).sum()).sum())
                .isEqualTo(requests);
        assertThat(lines.getLast().path("last").asBoolean()).isTrue();
        assertThat(lines).allSatisfy(l -> assertThat(l.path("requests").asLong() == 0 || l.path("latencyMs").has("p99")).isTrue());
        // the segments ran one after another here: the merged run spans the three, seconds with no traffic included
        long seconds = lines.size();
        assertThat(seconds).isGreaterThanOrEqualTo(15);
        // a second's latency percentiles come from the instances' histograms of that second
        Histogram expected = new Histogram(3);
        java.time.Instant start = SEGMENTS.stream().map(p -> {
            try {
                return java.time.Instant.parse(JSON.readTree(p.resolve("summary.json").toFile()).path("startedAt").asText());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).min(java.time.Instant::compareTo).orElseThrow();
        int busiest = 0;
        for (int k = 0; k < lines.size(); k++) {
            busiest = lines.get(k).path("requests").asLong() > lines.get(busiest).path("requests").asLong() ? k : busiest;
        }
        for (Path p : SEGMENTS) {
            // an instance's k-th second is the merged run's (its start, rounded to the second, after the first's) + k
            double own = java.time.Instant.parse(JSON.readTree(p.resolve("summary.json").toFile()).path("startedAt").asText()).toEpochMilli() / 1000.0;
            long offset = Math.round(own - start.toEpochMilli() / 1000.0);
            HistogramLogReader reader = new HistogramLogReader(p.resolve("latency.hlog").toFile());
            for (EncodableHistogram e = reader.nextIntervalHistogram(); e != null; e = reader.nextIntervalHistogram()) {
                double t = e.getEndTimeStamp() / 1000.0 - own;
                double dt = (e.getEndTimeStamp() - e.getStartTimeStamp()) / 1000.0;
                if (offset + Math.max(1, Math.round(t - dt / 2 + 0.5)) == busiest + 1) {
                    expected.add((Histogram) e);
                }
            }
        }
        assertThat(lines.get(busiest).path("latencyMs").path("p95").asDouble())
                .isEqualTo(Math.round(expected.getValueAtPercentile(95) / 1000.0 * 1000) / 1000.0);
        try (Browser b = Browser.start()) {
            b.open(merged.resolve("report.html").toUri().toString());
            b.await(java.time.Duration.ofSeconds(10), "the charts", d -> b.all(".chart[data-points]").size() >= 3);
            assertThat(b.all(".chart[data-points]")).allSatisfy(c -> assertThat(c.getDomAttribute("data-points")).isEqualTo(Long.toString(seconds)));
            assertThat(b.find("#card-requests").getText()).contains(String.format(java.util.Locale.US, "%,d", requests));
            assertThat(b.consoleErrors()).isEmpty();
        }
    }

    /** What a summary is computed from. */
    private static final List<String> RECORD = List.of("counts.json", "config.json", "latency.hlog", "service-time.hlog", "ws-delivery.hlog");

    @Test
    void a_merge_of_one_folder_gives_back_its_summary_field_for_field() throws Exception {
        Path one = dir.resolve("merge-of-one");
        Result r = loadgen("merge", SEGMENTS.get(0).toString(), "--out", one.toString());
        // the same thresholds on the same figures: the merge fails exactly when the run did
        assertThat(r.code()).as(r.err()).isEqualTo(SEGMENT_CODES.get(0));
        JsonNode original = JSON.readTree(SEGMENTS.get(0).resolve("summary.json").toFile());
        JsonNode merged = JSON.readTree(one.resolve("summary.json").toFile());
        assertThat(merged.path("merged").path("instances").asInt()).isEqualTo(1);
        ((com.fasterxml.jackson.databind.node.ObjectNode) merged).remove("merged");
        assertThat(merged).isEqualTo(original);
        // and the merged folder is itself a results folder: merging it again changes nothing
        Path again = dir.resolve("merge-of-merge");
        Result r2 = loadgen("merge", one.toString(), "--out", again.toString());
        assertThat(r2.code()).as(r2.err()).isEqualTo(SEGMENT_CODES.get(0));
        JsonNode twice = JSON.readTree(again.resolve("summary.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) twice).remove("merged");
        assertThat(twice).isEqualTo(original);
    }

    private static double ms(Histogram h, double percentile) {
        double micros = percentile >= 100 ? h.getMaxValue() : h.getValueAtPercentile(percentile);
        return Math.round(micros / 1000.0 * 1000) / 1000.0;
    }

    @Test
    void bad_folders_get_one_line_naming_the_problem_and_the_fix() throws Exception {
        String s0 = SEGMENTS.get(0).toString();
        String s1 = SEGMENTS.get(1).toString();
        Result missing = loadgen("merge", s0, dir.resolve("nope").toString(), "--out", dir.resolve("m1").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err().strip()).isEqualTo("loadgen merge: " + dir.resolve("nope")
                + ": no such folder; give a results folder that loadgen wrote (--out)");

        Result twice = loadgen("merge", s0, s0, "--out", dir.resolve("m2").toString());
        assertThat(twice.code()).isEqualTo(2);
        assertThat(twice.err().strip()).startsWith("loadgen merge: " + s0 + " is given twice").doesNotContain("\n");

        Path copy = Files.createDirectories(dir.resolve("copy-of-1"));
        for (String f : RECORD) {
            Files.copy(SEGMENTS.get(1).resolve(f), copy.resolve(f));
        }
        Result dup = loadgen("merge", s1, copy.toString(), "--out", dir.resolve("m3").toString());
        assertThat(dup.code()).isEqualTo(2);
        assertThat(dup.err().strip()).isEqualTo("loadgen merge: " + copy + " and " + s1
                + " are both segment 1/3; each instance needs its own --segment i/3");

        Path other = Files.createDirectories(dir.resolve("of-four"));
        for (String f : RECORD) {
            Files.copy(SEGMENTS.get(2).resolve(f), other.resolve(f));
        }
        Files.writeString(other.resolve("counts.json"), Files.readString(SEGMENTS.get(2).resolve("counts.json")).replace("\"2/3\"", "\"2/4\""));
        Result mismatch = loadgen("merge", s0, other.toString(), "--out", dir.resolve("m4").toString());
        assertThat(mismatch.code()).isEqualTo(2);
        assertThat(mismatch.err().strip()).isEqualTo("loadgen merge: " + other + " is segment 2/4 but " + s0
                + " is segment 0/3; merge the segments of one run, all i/3");

        Files.delete(other.resolve("latency.hlog"));
        Result noLog = loadgen("merge", s0, other.toString(), "--out", dir.resolve("m5").toString());
        assertThat(noLog.code()).isEqualTo(2);
        assertThat(noLog.err().strip()).isEqualTo("loadgen merge: " + other + ": no latency.hlog; the percentiles are computed from the "
                + "histogram logs beside counts.json (they are never averaged)");

        Path empty = Files.createDirectories(dir.resolve("empty"));
        Result notResults = loadgen("merge", s0, empty.toString(), "--out", dir.resolve("m6").toString());
        assertThat(notResults.code()).isEqualTo(2);
        assertThat(notResults.err().strip()).isEqualTo("loadgen merge: " + empty
                + ": no counts.json; give the folder of a finished run (counts.json is written at its end)");

        Result exists = loadgen("merge", s0, s1, "--out", s1);
        assertThat(exists.code()).isEqualTo(2);
        assertThat(exists.err().strip()).isEqualTo("loadgen merge: " + s1 + " already exists; give another --out, or delete it first");

        Result partial = loadgen("merge", s0, s1, "--out", dir.resolve("m7").toString());
        assertThat(partial.err()).contains("loadgen merge: warning: segments 2/3 are missing: the totals cover 2 of 3 instances");
        JsonNode partialSummary = JSON.readTree(dir.resolve("m7/summary.json").toFile());
        assertThat(partialSummary.path("users").path("started").asLong()).isEqualTo(5);
        // missing segments are a warning, not a usage error: the code is the thresholds' verdict on what was merged
        boolean held = true;
        for (JsonNode t : partialSummary.path("thresholds")) {
            held &= t.path("ok").asBoolean();
        }
        assertThat(partialSummary.path("thresholds")).hasSize(3);
        assertThat(partial.code()).as(partial.err()).isEqualTo(held ? 0 : 1);
    }
}
