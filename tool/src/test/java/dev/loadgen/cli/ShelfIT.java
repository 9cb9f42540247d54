package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second API, unlike the demo's in every way that matters ({@link Shelf}: credentials wrapped in JSON, a
 * cookie session, string ids nested in objects, a cursor in headers), run with a scenario file alone
 * (test resources scenarios/shelf.yaml): what loadgen counts is what the target counted.
 */
class ShelfIT {
    private static final Path SCENARIO = Path.of("src/test/resources/scenarios/shelf.yaml");

    @TempDir
    Path dir;

    @Test
    void personas_of_a_scenario_file_drive_an_api_of_their_own_and_the_counts_agree_with_the_target() throws Exception {
        try (Shelf shelf = new Shelf()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Path results = dir.resolve("shelf");
            int code = new Runner(new RunRequest(Optional.of(SCENARIO), List.of("target.named.shelf=" + shelf.url(), "load.graceful-stop=10s"),
                    List.of(dev.loadgen.config.ConfigLoader.FlagValue.of("load.users", "16", "--users"),
                            dev.loadgen.config.ConfigLoader.FlagValue.of("load.ramp", "16/s", "--ramp"),
                            dev.loadgen.config.ConfigLoader.FlagValue.of("load.duration", "8s", "--duration"),
                            dev.loadgen.config.ConfigLoader.FlagValue.of("seed", "5", "--seed"),
                            dev.loadgen.config.ConfigLoader.FlagValue.of("output.quiet", "true", "--quiet"),
                            dev.loadgen.config.ConfigLoader.FlagValue.of("observe.metrics-port", "0", "--metrics-port"),
                            dev.loadgen.config.ConfigLoader.FlagValue.of("dashboard.port", "0", "--dashboard-port"),
                            dev.loadgen.config.ConfigLoader.FlagValue.of("output.dir", results.toString(), "--out")), false),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run();
            String console = out.toString(StandardCharsets.UTF_8);
            assertThat(code).as(console + err.toString(StandardCharsets.UTF_8)).isZero();
            JsonNode s = new ObjectMapper().readTree(results.resolve("summary.json").toFile());
            Map<String, Long> byEndpoint = new HashMap<>();
            Map<String, Long> ok = new HashMap<>();
            s.path("endpoints").forEach(e -> {
                byEndpoint.put(e.path("endpoint").asText(), e.path("count").asLong());
                ok.put(e.path("endpoint").asText(), e.path("byOutcome").path("ok").asLong());
            });
            assertThat(s.path("totals").path("organicErrors").asLong()).as(console).isZero();
            assertThat(s.path("users").path("started").asLong()).isEqualTo(16);
            // a user signs up (once) when it first needs to be logged in; what the target counted is what loadgen counted
            assertThat(shelf.count("members")).isBetween(4L, 16L).isEqualTo(ok.get("POST /api/members"));
            assertThat(shelf.count("logins")).isPositive().isEqualTo(ok.get("POST /api/session"));
            assertThat(shelf.count("books")).isPositive().isEqualTo(ok.get("POST /api/books"));
            assertThat(shelf.count("stars")).isPositive().isEqualTo(ok.get("POST /api/books/{id}/stars"));
            assertThat(shelf.count("reads")).isPositive().isEqualTo(byEndpoint.get("GET /api/books/{id}"));
            assertThat(shelf.count("lists")).isEqualTo(byEndpoint.get("GET /api/books"));
            // the cursor was followed: some lists sent back the X-Next-Cursor of an earlier page (not every list does)
            assertThat(shelf.count("pages")).as("lists that sent X-Page-Cursor").isPositive().isLessThan(shelf.count("lists"));
            // sessions that ended logged out with the scenario's log-out action, seen by the target
            assertThat(shelf.count("logouts")).isPositive().isEqualTo(ok.get("DELETE /api/session"));
            // the checks ran and held: ids matched ^m-\d+$, each book read was the one asked for, each title came back
            assertThat(s.path("checks").path("failed").asLong()).isZero();
            assertThat(s.path("checks").path("passed").asLong()).isGreaterThan(shelf.count("reads") + shelf.count("books"));
            assertThat(s.path("skipped").path("total").asLong()).as(s.path("skipped").toString()).isZero();
        }
    }
}
