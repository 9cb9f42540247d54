package dev.loadgen.deploy;

import static dev.loadgen.deploy.Manifests.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/test-scenarios.sh runs every scenario of configs/scenarios/ (chaos ones included, whatever is
 * there) at SCENARIO_SCALE=0.005, as CI's quick check (about two minutes): each must pass its thresholds, each results folder
 * must show the scale was applied, and the table must list them all.
 */
class ScenariosIT {
    @TempDir
    Path tmp;

    @Test
    void every_scenario_runs_at_a_two_hundredth_of_its_length_and_passes_its_thresholds() throws Exception {
        List<String> names;
        try (Stream<Path> s = Files.list(ROOT.resolve("configs/scenarios"))) {
            names = s.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".yaml")).map(f -> f.substring(0, f.length() - 5)).sorted().toList();
        }
        assertThat(names).contains("smoke", "load", "stress", "spike", "soak");
        Path results = tmp.resolve("scenarios");
        Path out = tmp.resolve("stdout");
        Path err = tmp.resolve("stderr");
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("scripts/test-scenarios.sh").toString(), "--", "--metrics-port", "0")
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("SCENARIO_SCALE", "0.005");
        pb.environment().put("SCENARIO_RESULTS", results.toString());
        pb.environment().put("LOADGEN_NO_BUILD", "1");   // the jar of this build
        Process p = pb.start();
        assertThat(p.waitFor(8, TimeUnit.MINUTES)).as("the scenarios end").isTrue();
        String table = Files.readString(out);
        assertThat(p.exitValue()).as(table + Files.readString(err)).isZero();

        List<String> rows = table.lines().filter(l -> !l.isBlank()).toList();
        assertThat(rows.getFirst()).startsWith("scenario").contains("requests", "p95", "errors", "thresholds");
        ObjectMapper json = new ObjectMapper();
        for (String n : names) {
            assertThat(rows).as(n).anyMatch(r -> r.startsWith(n + " ") && r.contains("passed"));
            JsonNode s = json.readTree(results.resolve(n).resolve("summary.json").toFile());
            assertThat(s.path("totals").path("requests").asLong()).as(n).isPositive();
            assertThat(s.path("thresholds").size()).as(n + " has thresholds").isPositive();
            // the soak's hour is 27 s here (17 s of hold, ramps of 5 s); none lasts 60 s, graceful stop included
            assertThat(s.path("durationSeconds").asDouble()).as(n).isLessThan(60);
            String row = rows.stream().filter(r -> r.startsWith(n + " ")).findFirst().orElseThrow();
            assertThat(row).contains(" " + s.path("totals").path("requests").asLong() + " ")
                    .contains(String.format(java.util.Locale.ROOT, "%.1fms", s.path("latencyMs").path("p95").asDouble()));
        }
    }

    @Test
    void a_bad_scale_or_an_unknown_scenario_is_one_line_and_exit_code_2() throws Exception {
        for (List<String> c : List.of(List.of("SCENARIO_SCALE=-1"), List.of("SCENARIO_SCALE=1", "nope"))) {
            ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("scripts/test-scenarios.sh").toString());
            pb.environment().put("SCENARIO_SCALE", c.getFirst().substring("SCENARIO_SCALE=".length()));
            if (c.size() > 1) {
                pb.command().add(c.get(1));
            }
            Process p = pb.redirectErrorStream(true).start();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String text = new String(p.getInputStream().readAllBytes()).strip();
            assertThat(p.exitValue()).isEqualTo(2);
            assertThat(text.lines()).hasSize(1);
            assertThat(text).startsWith("test-scenarios: ");
        }
    }
}
