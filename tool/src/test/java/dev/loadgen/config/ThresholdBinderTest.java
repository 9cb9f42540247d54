package dev.loadgen.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** thresholds: as expressions and as maps, and the keys and flags that make them abort the run as soon as they fail. */
class ThresholdBinderTest {
    @TempDir
    Path dir;

    private RunConfig load(String yaml, ConfigLoader.FlagValue... flags) throws IOException {
        Path f = dir.resolve("config.yaml");
        Files.writeString(f, yaml);
        return ConfigLoader.load(Optional.of(f), List.of(), List.of(flags), k -> null, () -> 7L);
    }

    private String error(String yaml, ConfigLoader.FlagValue... flags) throws IOException {
        try {
            load(yaml, flags);
        } catch (ConfigException e) {
            return e.getMessage().replace(dir.resolve("config.yaml").toString(), "config.yaml");
        }
        throw new AssertionError("no error for: " + yaml);
    }

    private static Optional<Duration> grace(Threshold t) {
        return t.abortOnFail().map(Threshold.Abort::grace);
    }

    @Test
    void plain_expressions_are_still_checked_at_the_end_only() throws IOException {
        RunConfig c = load("thresholds: ['posts.p95 < 300ms', 'errors.rate < 1%']\n");
        assertThat(c.thresholds()).extracting(Threshold::expression).containsExactly("posts.p95 < 300ms", "errors.rate < 1%");
        assertThat(c.thresholds()).allSatisfy(t -> assertThat(t.abortOnFail()).isEmpty());
    }

    @Test
    void the_map_form_marks_one_threshold_with_its_own_grace_or_ten_seconds() throws IOException {
        RunConfig c = load("""
                thresholds:
                  - "posts.p95 < 300ms"
                  - {threshold: "errors.rate < 1%", abort-on-fail: true, abort-grace: 30s}
                  - threshold: "p99 < 2s"
                    abort-on-fail: true
                  - {threshold: "checks.rate > 99%"}
                """);
        assertThat(c.thresholds()).extracting(Threshold::expression)
                .containsExactly("posts.p95 < 300ms", "errors.rate < 1%", "p99 < 2s", "checks.rate > 99%");
        assertThat(c.thresholds()).extracting(ThresholdBinderTest::grace).containsExactly(
                Optional.empty(), Optional.of(Duration.ofSeconds(30)), Optional.of(Duration.ofSeconds(10)), Optional.empty());
    }

    @Test
    void the_flag_marks_every_threshold_that_can_fail_early_and_warns_of_the_others() throws IOException {
        RunConfig c = load("""
                thresholds:
                  - "errors.rate < 1%"
                  - "count > 100"
                  - {threshold: "p95 < 1s", abort-grace: 30s}
                  - {threshold: "max < 5s", abort-on-fail: false}
                """, ConfigLoader.FlagValue.of("abort-on-fail", "true", "--abort-on-fail"),
                ConfigLoader.FlagValue.of("abort-grace", "5s", "--abort-grace 5s"));
        assertThat(c.thresholds()).extracting(ThresholdBinderTest::grace).containsExactly(
                Optional.of(Duration.ofSeconds(5)), Optional.empty(), Optional.of(Duration.ofSeconds(30)), Optional.empty());
        assertThat(c.warnings()).containsExactly(
                "abort-on-fail leaves 'count > 100' to the end: the count only grows, so it can still pass until the last request");
    }

    @Test
    void a_grace_as_long_as_the_load_is_a_warning() throws IOException {
        RunConfig c = load("load: {duration: 30s}\nthresholds: [{threshold: 'p95 < 1s', abort-on-fail: true, abort-grace: 30s}]\n");
        assertThat(c.warnings()).containsExactly("'p95 < 1s' cannot abort the run: its abort-grace (30s) lasts the whole load (30s)");
    }

    @Test
    void what_can_be_decided_early_follows_which_way_the_figure_can_move() {
        assertThat(early("count < 1000")).isEqualTo(Threshold.EarlyFailure.CERTAIN);
        assertThat(early("max <= 2s")).isEqualTo(Threshold.EarlyFailure.CERTAIN);
        assertThat(early("p0 > 1ms")).isEqualTo(Threshold.EarlyFailure.CERTAIN);
        assertThat(early("errors.rate < 1%")).isEqualTo(Threshold.EarlyFailure.LIKELY);
        assertThat(early("posts.p95 < 300ms")).isEqualTo(Threshold.EarlyFailure.LIKELY);
        assertThat(early("mean > 2ms")).isEqualTo(Threshold.EarlyFailure.LIKELY);
        assertThat(early("checks.rate > 99%")).isEqualTo(Threshold.EarlyFailure.LIKELY);
        assertThat(early("rps < 500")).isEqualTo(Threshold.EarlyFailure.LIKELY);
        assertThat(early("count > 100")).isEqualTo(Threshold.EarlyFailure.UNDECIDABLE);
        assertThat(early("[GET /feed].count >= 1")).isEqualTo(Threshold.EarlyFailure.UNDECIDABLE);
        assertThat(early("max > 1ms")).isEqualTo(Threshold.EarlyFailure.UNDECIDABLE);
        assertThat(early("p0 < 1s")).isEqualTo(Threshold.EarlyFailure.UNDECIDABLE);
        assertThat(early("rps > 50")).isEqualTo(Threshold.EarlyFailure.UNDECIDABLE);
    }

    private static Threshold.EarlyFailure early(String expression) {
        return Threshold.parse(expression, Origin.DEFAULTS).earlyFailure();
    }

    @Test
    void bad_input_is_one_line_with_where_what_and_the_fix() throws IOException {
        assertThat(error("thresholds:\n  - {threshold: 'p95 < 1s', abort-on-fial: true}\n")).isEqualTo(
                "config.yaml:2:29: unknown key 'thresholds.0.abort-on-fial' (did you mean 'thresholds.0.abort-on-fail'?)");
        assertThat(error("thresholds:\n  - {threshold: 'p95 < 1s', abort-on-fail: true, abort-grace: soon}\n")).isEqualTo(
                "config.yaml:2:63: thresholds.0.abort-grace: 'soon' is not a duration; write it like 30s, 5m, 1h30m or 250ms");
        assertThat(error("thresholds:\n  - {threshold: 'count > 10', abort-on-fail: true}\n")).isEqualTo(
                "config.yaml:2:46: thresholds.0.abort-on-fail: 'count > 10' cannot fail before the end (the count only grows, so it can "
                        + "still pass until the last request); remove abort-on-fail, and it is checked at the end");
        assertThat(error("thresholds:\n  - {threshold: 'rps > 10', abort-on-fail: yes}\n")).startsWith(
                "config.yaml:2:44: thresholds.0.abort-on-fail: 'rps > 10' cannot fail before the end (more requests can still raise");
        assertThat(error("thresholds:\n  - {abort-on-fail: true}\n")).isEqualTo(
                "config.yaml:2:5: thresholds.0 has no threshold: write it like {threshold: 'errors.rate < 1%', abort-on-fail: true}");
        assertThat(error("thresholds:\n  - {threshold: 'p95 < 1s', abort-grace: 5s}\n")).isEqualTo(
                "config.yaml:2:42: thresholds.0.abort-grace is set, but this threshold does not abort the run; add abort-on-fail: true, "
                        + "or remove abort-grace");
        assertThat(error("thresholds:\n  - [p95 < 1s]\n")).startsWith("config.yaml:2:5: thresholds must be a list of expressions like");
    }

    @Test
    void the_flags_alone_are_an_error_when_they_have_nothing_to_act_on() throws IOException {
        assertThat(error("load: {users: 1}\n", ConfigLoader.FlagValue.of("abort-on-fail", "true", "--abort-on-fail"))).isEqualTo(
                "--abort-on-fail: abort-on-fail: there is no threshold to abort on; add one with --threshold 'errors.rate < 1%' "
                        + "(or thresholds: in the config), or leave abort-on-fail out");
        assertThat(error("thresholds: ['count > 0']\n", ConfigLoader.FlagValue.of("abort-on-fail", "true", "--abort-on-fail")))
                .isEqualTo("--abort-on-fail: abort-on-fail: none of the thresholds can fail before the end ('count > 0' can still pass "
                        + "until the last request); leave abort-on-fail out");
        assertThat(error("thresholds: ['p95 < 1s']\n", ConfigLoader.FlagValue.of("abort-grace", "5s", "--abort-grace 5s")))
                .isEqualTo("--abort-grace 5s: abort-grace: no threshold aborts the run, so there is nothing to delay; add --abort-on-fail "
                        + "(or abort-on-fail: true on a threshold), or leave abort-grace out");
        // in a file, abort-grace is a default, which may apply to nothing
        assertThat(load("thresholds: ['p95 < 1s']\nabort-grace: 20s\n").thresholds()).singleElement()
                .satisfies(t -> assertThat(t.abortOnFail()).isEmpty());
        assertThat(error("thresholds: ['p95 < 1s']\nabort-on-fail: true\nabort-grace: 1x\n")).isEqualTo(
                "config.yaml:3:14: abort-grace: '1x' is not a duration; write it like 30s, 5m, 1h30m or 250ms");
    }

    @Test
    void the_example_of_docs_results_md_is_a_config_that_marks_what_it_says() throws IOException {
        Path doc = Path.of(System.getProperty("loadgen.root", "..")).resolve("docs/results.md");
        String section = Files.readString(doc).split("### Aborting early", 2)[1];
        String yaml = section.substring(section.indexOf("```yaml\n") + 8, section.indexOf("```\n", section.indexOf("```yaml\n") + 8));
        RunConfig c = load(yaml);
        assertThat(c.thresholds()).extracting(ThresholdBinderTest::grace)
                .containsExactly(Optional.empty(), Optional.of(Duration.ofSeconds(10)));
    }

    /** A folder as a finished run leaves it, as far as binding looks. */
    private Path finishedRun(String name) throws IOException {
        Path run = Files.createDirectories(dir.resolve(name));
        Files.writeString(run.resolve("counts.json"), "{}");
        Files.writeString(run.resolve("config.json"), "{}");
        return run;
    }

    @Test
    void a_baseline_threshold_needs_a_finished_runs_folder() throws IOException {
        Path base = finishedRun("base");
        RunConfig c = load("thresholds: ['p95 < baseline + 10%']\n", ConfigLoader.FlagValue.of("baseline", base.toString(), "--baseline"));
        assertThat(c.baseline()).contains(base.toAbsolutePath().normalize());
        assertThat(c.warnings()).isEmpty();
        assertThat(error("thresholds: ['p95 < baseline + 10%']\n")).isEqualTo("config.yaml:1:14: threshold 'p95 < baseline + 10%' "
                + "compares with a baseline run, and none is given; add --baseline DIR (the results folder of an earlier run), or a fixed "
                + "limit like 'p95 < 300ms'");
        assertThat(error("thresholds: ['p95 < baseline']\n", ConfigLoader.FlagValue.of("baseline", dir.resolve("gone").toString(), "--baseline")))
                .contains("--baseline: baseline: " + dir.resolve("gone") + " is no folder; give the results folder of an earlier run");
        Files.createDirectories(dir.resolve("empty"));
        assertThat(error("thresholds: ['p95 < baseline']\n", ConfigLoader.FlagValue.of("baseline", dir.resolve("empty").toString(), "--baseline")))
                .contains("is not the results folder of a finished run (no counts.json or config.json)");
    }

    @Test
    void a_baseline_no_threshold_uses_is_warned_about_and_abort_on_fail_leaves_baseline_thresholds_to_the_end() throws IOException {
        Path base = finishedRun("base");
        RunConfig c = load("thresholds: ['p95 < 300ms']\nbaseline: " + base + "\n");
        assertThat(c.warnings()).anySatisfy(w -> assertThat(w).contains("no threshold compares with it"));
        assertThat(error("thresholds: [{threshold: 'p95 < baseline', abort-on-fail: true}]\nbaseline: " + base + "\n"))
                .contains("cannot fail before the end (it is compared with the baseline run at the end");
        RunConfig all = load("thresholds: ['p95 < baseline', 'errors.rate < 1%']\nbaseline: " + base + "\nabort-on-fail: true\n");
        assertThat(all.thresholds()).extracting(t -> t.abortOnFail().isPresent()).containsExactly(false, true);
    }
}
