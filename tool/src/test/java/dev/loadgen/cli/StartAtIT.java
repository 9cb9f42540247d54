package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --start-at} as issue 19 asks: three instances of one run, each its own loadgen process and its own segment,
 * launched 0 s, 3 s and 6 s apart with one start time (as RFC 3339, as epoch seconds, and from LOADGEN_START_AT), and
 * beside them a single instance of the same run. After {@code loadgen merge}, the merged timeline's users curve is the
 * single run's, second by second from the start time; the merged report renders all its charts, and its totals are the
 * sums of the instances'. Then an instance that joins late, and a Ctrl-C while an early one waits.
 *
 * <p>The run is 30 users at 3/s, started 3 at a time at 0.5 s, 1.5 s, ..., 9.5 s, then held until 15.5 s: no user
 * starts within half a second of a whole second, where the second's count would be a race between the user's start
 * and the collector's tick (with a smooth ramp of 3/s the nearest start is a sixth of a second from a tick, and a busy
 * machine delayed users by more). Each user thinks 1 s between requests and never leaves before the end, so the number
 * of users running at each second is fixed by the schedule alone: 3k at second k of the ramp, then 30.
 */
class StartAtIT {
    private static final Path ROOT = Path.of(System.getProperty("loadgen.root", "..")).toAbsolutePath().normalize();
    private static final Duration LOAD = Duration.ofMillis(15_500);
    /** 30 users at 3/s: 3 more at 0.5 s, 1.5 s, ..., 9.5 s, then all 30 until 15.5 s. */
    private static final String STAGES = "load:\n  stages:\n    - {duration: 500ms, target: 0}\n"
            + java.util.stream.IntStream.rangeClosed(1, 10).mapToObj(i -> "    - {duration: 0s, target: %d}\n    - {duration: %ds, target: %d}\n"
                    .formatted(3 * i, i == 10 ? 6 : 1, 3 * i)).collect(java.util.stream.Collectors.joining())
            + "  graceful-stop: 2s\n";

    @TempDir
    static Path dir;

    static CountingTarget segmentsTarget;
    static CountingTarget singleTarget;
    static Instant start;
    static final List<Path> SEGMENTS = new ArrayList<>();
    static final List<String> SEGMENT_ERR = new ArrayList<>();
    static Path single;
    static String singleErr;
    static Path merged;
    static MergeIT.Result merge;

    /** A config of the run against {@code target}: one GET, users who think 1 s, with no accounts, for ever. */
    static Path config(String name, String url, String stages) throws IOException {
        return Files.writeString(dir.resolve(name), """
                requests:
                  - {name: url, method: GET, url: "%s"}
                scenario: none
                users:
                  account: none
                  think: 1s
                  actions: {http: {url: 1}}
                  session: {actions: 0}
                """.formatted(url) + stages);
    }

    /** {@code ./loadgen ARGS} as its own process, as a user runs it, with the jar of this build and nothing of the test's environment. */
    static Process launch(String name, List<String> args, Map<String, String> env) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ROOT.resolve("loadgen").toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve(name + ".out").toFile()).redirectError(dir.resolve(name + ".err").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("LOADGEN_") || k.startsWith("OTEL_"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("LOADGEN_NO_BUILD", "1");
        pb.environment().putAll(env);
        return pb.start();
    }

    static List<String> run(Path config, String out, String... more) {
        List<String> args = new ArrayList<>(List.of("--config", config.toString(), "--seed", "42", "--quiet", "--metrics-port", "0",
                "--dashboard-port", "0", "--out", dir.resolve(out).toString()));
        args.addAll(List.of(more));
        return args;
    }

    static String err(String name) throws IOException {
        return Files.readString(dir.resolve(name + ".err"), StandardCharsets.UTF_8);
    }

    static int finish(Process p, String name) throws Exception {
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(name + " did not end: " + err(name));
        }
        return p.exitValue();
    }

    @BeforeAll
    static void three_instances_launched_3_s_apart_and_a_single_one_all_with_one_start_time() throws Exception {
        segmentsTarget = new CountingTarget();
        singleTarget = new CountingTarget();
        Path segmentsConfig = config("segments.yaml", segmentsTarget.url(), STAGES);
        Path singleConfig = config("single.yaml", singleTarget.url(), STAGES);
        // 24 s ahead: time for the last instance, launched 6 s after the first, to start its JVM and set its run up (3 s
        // before the start). The first warms itself up before the start time (--self-warm, 2 s); the others do not, nor
        // does the single instance: on 2 busy cores (load average 8 to 11), four JVMs starting and warming up at once took
        // up to 17 s to be ready (docs/scaling.md)
        start = Instant.now().plusSeconds(24).truncatedTo(ChronoUnit.MILLIS);
        String epoch = start.getEpochSecond() + "." + String.format(Locale.ROOT, "%03d", start.getNano() / 1_000_000);
        Process alone = launch("single", run(singleConfig, "single", "--self-warm", "0", "--start-at", start.toString()), Map.of());
        List<Process> processes = new ArrayList<>();
        processes.add(launch("segment-0", run(segmentsConfig, "segment-0", "--segment", "0/3", "--start-at", start.toString()), Map.of()));
        Thread.sleep(3000);
        processes.add(launch("segment-1", run(segmentsConfig, "segment-1", "--segment", "1/3", "--self-warm", "0", "--start-at", epoch),
                Map.of()));
        Thread.sleep(3000);
        // as a Kubernetes Job gives it to its pods
        processes.add(launch("segment-2", run(segmentsConfig, "segment-2", "--segment", "2/3", "--self-warm", "0"),
                Map.of("LOADGEN_START_AT", start.toString())));
        for (int i = 0; i < processes.size(); i++) {
            int code = finish(processes.get(i), "segment-" + i);
            assertThat(code).as("segment-" + i + ": " + err("segment-" + i)).isZero();
        }
        assertThat(finish(alone, "single")).as(err("single")).isZero();
        singleErr = err("single");
        single = dir.resolve("single");
        for (int i = 0; i < 3; i++) {
            SEGMENTS.add(dir.resolve("segment-" + i));
            SEGMENT_ERR.add(err("segment-" + i));
        }
        merged = dir.resolve("merged");
        merge = MergeIT.loadgen("merge", SEGMENTS.get(0).toString(), SEGMENTS.get(1).toString(), SEGMENTS.get(2).toString(),
                "--out", merged.toString());
        assertThat(merge.code()).as(merge.err()).isZero();
    }

    @AfterAll
    static void stopTargets() {
        segmentsTarget.close();
        singleTarget.close();
    }

    static JsonNode json(Path file) throws IOException {
        return MergeIT.JSON.readTree(file.toFile());
    }

    /** A timeline's lines by the run's second each covers (an interval ending at t and lasting dt covers second round(t - dt/2 + 1/2)). */
    static Map<Long, JsonNode> seconds(Path results) throws IOException {
        Map<Long, JsonNode> out = new TreeMap<>();
        for (String l : Files.readAllLines(results.resolve("timeline.jsonl"))) {
            JsonNode line = MergeIT.JSON.readTree(l);
            out.put(Math.max(1, Math.round(line.path("t").asDouble() - line.path("dt").asDouble() / 2 + 0.5)), line);
        }
        return out;
    }

    @Test
    void every_instance_began_at_the_start_time_however_late_it_was_launched() throws IOException {
        // the first had the most time: it said when it would start, warmed up, waited, and began on time
        assertThat(SEGMENT_ERR.getFirst()).contains("loadgen: the load starts at " + start + ", in ").doesNotContain("joined the run");
        assertThat(singleErr).contains("loadgen: the load starts at " + start + ", in ");
        assertThat(json(SEGMENTS.getFirst().resolve("summary.json")).has("lateJoin")).isFalse();
        for (int i = 0; i < 3; i++) {
            String err = SEGMENT_ERR.get(i);
            JsonNode s = json(SEGMENTS.get(i).resolve("summary.json"));
            assertThat(s.path("startedAt").asText()).isEqualTo(start.toString());
            // one too slow to be ready by the start time (a busy machine) joins late, and says so in summary.json as on the console
            assertThat(s.has("lateJoin")).as(err).isEqualTo(err.contains("loadgen: joined the run"));
            // the run lasts its 15.5 s from the start time, and the users leave within their graceful stop
            assertThat(s.path("durationSeconds").asDouble()).isBetween(15.5, 17.5);
            assertThat(json(SEGMENTS.get(i).resolve("config.json")).path("start-at").asText()).isEqualTo(start.toString());
        }
        assertThat(json(single.resolve("summary.json")).path("startedAt").asText()).isEqualTo(start.toString());
    }

    @Test
    void the_merged_users_curve_is_the_single_runs_at_every_second_from_the_start_time() throws IOException {
        Map<Long, JsonNode> one = seconds(single);
        Map<Long, JsonNode> all = seconds(merged);
        long whole = LOAD.toSeconds();
        for (long k = 1; k <= whole; k++) {
            assertThat(one).as("the single run's second %d", k).containsKey(k);
            assertThat(all).as("the merged run's second %d", k).containsKey(k);
            long expected = Math.min(30, 3 * k);
            long alone = one.get(k).path("users").path("active").asLong();
            long together = all.get(k).path("users").path("active").asLong();
            // an instance too slow to be ready by the start time misses the seconds before it joined: its line says so
            String joins = String.join("; ", (singleErr + String.join("", SEGMENT_ERR)).lines().filter(l -> l.contains("joined the run")).toList());
            // user 3k + 1 is due at exactly k seconds, the moment the line for second k is taken: it may or may not
            // have started by then, in either run, so one user either way is within the schedule
            assertThat((double) alone).as("users at second %d of the single run (%s)", k, joins)
                    .isCloseTo(expected, org.assertj.core.api.Assertions.within(Math.max(1, 0.02 * expected)));
            assertThat((double) together).as("users at second %d, merged against single (%s)", k, joins)
                    .isCloseTo(alone, org.assertj.core.api.Assertions.within(Math.max(1, 0.02 * alone)));
        }
    }

    @Test
    void the_merged_totals_are_the_sums_and_its_report_renders_every_chart() throws Exception {
        JsonNode m = json(merged.resolve("summary.json"));
        List<JsonNode> parts = new ArrayList<>();
        for (Path p : SEGMENTS) {
            parts.add(json(p.resolve("summary.json")));
        }
        for (String k : List.of("requests", "ok", "httpErrors", "timeouts", "connectErrors", "resets", "interrupted", "chaos")) {
            assertThat(m.path("totals").path(k).asLong()).as(k).isEqualTo(parts.stream().mapToLong(p -> p.path("totals").path(k).asLong()).sum());
        }
        long requests = m.path("totals").path("requests").asLong();
        assertThat(requests).isEqualTo(segmentsTarget.received()).isGreaterThan(150);
        assertThat(parts).extracting(p -> p.path("users").path("started").asLong()).containsExactly(10L, 10L, 10L);
        assertThat(m.path("users").path("started").asLong()).isEqualTo(json(single.resolve("summary.json")).path("users").path("started").asLong())
                .isEqualTo(30);
        assertThat(m.path("startedAt").asText()).isEqualTo(start.toString());
        assertThat(m.has("lateJoin")).isEqualTo(parts.stream().anyMatch(p -> p.has("lateJoin")));

        List<String> lines = Files.readAllLines(merged.resolve("timeline.jsonl"));
        assertThat(lines.stream().mapToLong(l -> {
            try {
                return MergeIT.JSON.readTree(l).path("requests").asLong();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).sum()).isEqualTo(requests);
        assertThat(merge.out()).contains("report: " + merged.resolve("report.html"));
        try (Browser b = Browser.start()) {
            b.open(merged.resolve("report.html").toUri().toString());
            String points = Integer.toString(lines.size());
            List<String> charts = List.of("requests", "latency", "errors", "users", "sessions", "ws", "chaos");
            b.await(Duration.ofSeconds(10), "every chart drawn",
                    d -> charts.stream().allMatch(c -> b.all("#chart-" + c).size() == 1 && points.equals(b.find("#chart-" + c).getDomAttribute("data-points"))));
            assertThat(b.all(".chart")).hasSize(charts.size());
            assertThat(b.find("#card-requests").getText()).contains(String.format(Locale.US, "%,d", requests));
            assertThat(b.consoleErrors()).isEmpty();
        }
    }

    @Test
    void an_instance_that_starts_late_joins_the_schedule_where_it_stands_and_says_so() throws Exception {
        Path config = config("late.yaml", singleTarget.url(), """
                load:
                  stages:
                    - {duration: 500ms, target: 0}
                    - {duration: 6s, target: 9}
                    - {duration: 1s, target: 9}
                  graceful-stop: 2s
                """);
        Instant late = Instant.now().minusSeconds(2).truncatedTo(ChronoUnit.MILLIS);    // 2 s, of a run of 7.5
        Path out = dir.resolve("late");
        MergeIT.Result r = MergeIT.loadgen(run(config, "late", "--segment", "1/3", "--start-at", late.toString()).toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode s = json(out.resolve("summary.json"));
        double lateSeconds = s.path("lateJoin").path("lateSeconds").asDouble();
        assertThat(lateSeconds).isBetween(2.0, 5.0);    // the run's own start-up, in this JVM, comes on top of the 2 s
        // segment 1/3 runs users 2, 5 and 8, due at 0.5 s + (n - 1)/1.5 s: those due by the time it joined started at once
        long due = List.of(2, 5, 8).stream().filter(n -> 0.5 + (n - 1) / 1.5 <= lateSeconds).count();
        assertThat(due).isPositive();
        assertThat(s.path("lateJoin").path("usersStartedAtOnce").asLong()).isEqualTo(due);
        assertThat(s.path("users").path("started").asLong()).isEqualTo(3);
        List<String> said = r.err().lines().filter(l -> l.contains("joined the run")).toList();
        assertThat(said).singleElement().satisfies(l -> assertThat(l).matches("loadgen: joined the run \\d+\\.\\ds after its start time "
                + Pattern.quote(late.toString()) + ": " + due + " users due by then started at once to catch up; the rest as scheduled, "
                + "ending with the other instances"));
        // its clock is the run's: it starts at the start time and ends with the others
        assertThat(s.path("startedAt").asText()).isEqualTo(late.toString());
        assertThat(s.path("durationSeconds").asDouble()).isBetween(7.5, 9.5);
        JsonNode first = MergeIT.JSON.readTree(Files.readAllLines(out.resolve("timeline.jsonl")).getFirst());
        // its first second is the rest of the run's second it joined in
        double t = first.path("t").asDouble();
        assertThat(t).isCloseTo(Math.rint(t), org.assertj.core.api.Assertions.within(0.1));    // the tick, a busy machine's milliseconds late
        assertThat(first.path("dt").asDouble()).isLessThanOrEqualTo(1.0);
        assertThat(t - first.path("dt").asDouble()).isCloseTo(lateSeconds, org.assertj.core.api.Assertions.within(0.2));
    }

    @Test
    void ctrl_c_while_an_early_instance_waits_for_the_start_time_ends_it_with_130_and_nothing_sent() throws Exception {
        try (CountingTarget target = new CountingTarget()) {
            Path config = config("waiting.yaml", target.url(), STAGES);
            Instant later = Instant.now().plusSeconds(120).truncatedTo(ChronoUnit.SECONDS);
            Process p = launch("waiting", run(config, "waiting", "--self-warm", "0", "--start-at", later.toString()), Map.of());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!err("waiting").contains("the load starts at") && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(err("waiting")).contains("loadgen: the load starts at " + later + ", in ").contains("Ctrl-C cancels");
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(finish(p, "waiting")).as(err("waiting")).isEqualTo(130);
            Matcher last = Pattern.compile("(?m)^loadgen: stopped before the start time; no load was sent to the target$").matcher(err("waiting"));
            assertThat(last.find()).as(err("waiting")).isTrue();
            assertThat(dir.resolve("waiting")).doesNotExist();
            assertThat(target.received()).isZero();
        }
    }
}
