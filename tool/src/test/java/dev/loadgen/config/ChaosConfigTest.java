package dev.loadgen.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chaos: section: off by default, every knob read, and each bad value refused in one line that says where. */
class ChaosConfigTest {
    private static final Path SCENARIOS = Path.of(System.getProperty("loadgen.root", "..")).resolve("configs/scenarios");

    @TempDir
    Path dir;

    private RunConfig load(String yaml, List<String> sets, List<ConfigLoader.FlagValue> flags) throws IOException {
        Path f = dir.resolve("config.yaml");
        Files.writeString(f, yaml);
        return ConfigLoader.load(Optional.of(f), sets, flags, k -> null, () -> 7L);
    }

    private String error(String yaml) {
        try {
            load(yaml, List.of(), List.of());
        } catch (ConfigException e) {
            return e.getMessage().replace(dir.resolve("config.yaml").toString(), "config.yaml");
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
        throw new AssertionError("no error for: " + yaml);
    }

    @Test
    void chaos_is_off_unless_the_config_asks_for_it() throws IOException {
        assertThat(ConfigLoader.load(Optional.empty(), List.of(), List.of(), k -> null, () -> 1L).chaos()).isEqualTo(ChaosConfig.OFF);
        assertThat(load("seed: 1\n", List.of(), List.of()).chaos().active()).isFalse();
        assertThat(load("chaos:\n  enabled: false\n  faults:\n    delay: {probability: 0.5}\n", List.of(), List.of()).chaos().active()).isFalse();
    }

    @Test
    void a_fault_reads_its_probability_targets_windows_and_parameters() throws IOException {
        ChaosConfig c = load("""
                chaos:
                  faults:
                    server-abort:
                      probability: 2.5%
                      status: 418
                      services: posts
                      endpoints: ["GET /posts/{id}", "GET /feed"]
                      at: 2m
                      for: 30s
                    ws-stall:
                      probability: 0.1
                      windows: [{at: 10s}, {at: 1m, for: 5s}]
                    slow-upload: {probability: 0.01, bytes-per-second: 64}
                """, List.of(), List.of()).chaos();
        assertThat(c.active()).isTrue();
        ChaosConfig.Fault abort = c.faults().get(0);
        assertThat(abort.kind()).isEqualTo(ChaosConfig.Kind.SERVER_ABORT);
        assertThat(abort.probability()).isEqualTo(0.025);
        assertThat(abort.status()).isEqualTo(418);
        assertThat(abort.services()).containsExactly("posts");
        assertThat(abort.endpoints()).containsExactly("GET /posts/{id}", "GET /feed");
        assertThat(abort.targets("posts", "GET /feed")).isTrue();
        assertThat(abort.targets("posts", "POST /posts")).isFalse();
        assertThat(abort.targets("users", "GET /feed")).isFalse();
        assertThat(abort.activeAt(Duration.ofSeconds(119).toNanos())).isFalse();
        assertThat(abort.activeAt(Duration.ofSeconds(120).toNanos())).isTrue();
        assertThat(abort.activeAt(Duration.ofSeconds(150).toNanos())).isFalse();
        ChaosConfig.Fault stall = c.faults().get(1);
        assertThat(stall.delay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(stall.activeAt(Duration.ofSeconds(5).toNanos())).isFalse();
        assertThat(stall.activeAt(Duration.ofMinutes(10).toNanos())).isTrue();
        assertThat(c.faults().get(2).bytesPerSecond()).isEqualTo(64);
    }

    @Test
    void set_and_the_chaos_flag_change_the_section() throws IOException {
        Path file = dir.resolve("faults.yaml");
        Files.writeString(file, "chaos:\n  faults:\n    forged-token: {probability: 0.2}\n    delay: {probability: 0.1, delay: 1s}\n");
        ChaosConfig c = load("chaos:\n  faults:\n    abort: {probability: 0.5}\n",
                List.of("chaos.faults.delay.probability=30%"),
                List.of(ConfigLoader.FlagValue.section("chaos", file, "--chaos"))).chaos();
        assertThat(c.faults()).extracting(f -> f.kind().label).containsExactly("forged-token", "delay");
        assertThat(c.faults().get(1).probability()).isEqualTo(0.3);
        assertThat(c.faults().get(1).delay()).isEqualTo(Duration.ofSeconds(1));

        Path bare = dir.resolve("bare.yaml");
        Files.writeString(bare, "faults:\n  ws-drop: {probability: 0.05}\n");
        assertThat(load("seed: 1\n", List.of(), List.of(ConfigLoader.FlagValue.section("chaos", bare, "--chaos"))).chaos().faults())
                .extracting(f -> f.kind().label).containsExactly("ws-drop");
    }

    @Test
    void a_probability_outside_zero_to_one_is_refused_where_it_is_written() {
        assertThat(error("chaos:\n  faults:\n    delay:\n      probability: 1.5\n"))
                .isEqualTo("config.yaml:4:20: chaos.faults.delay.probability must be between 0 and 1 (0% to 100%), got 1.5");
        assertThat(error("chaos:\n  faults:\n    delay: {probability: -2%}\n"))
                .startsWith("config.yaml:3:26: chaos.faults.delay.probability must be between 0 and 1");
        assertThat(error("chaos:\n  faults:\n    delay: {probability: often}\n")).contains("must be a probability like 0.02 or 2%");
    }

    @Test
    void an_abort_status_outside_200_to_599_is_refused() {
        assertThat(error("chaos:\n  faults:\n    server-abort: {probability: 0.1, status: 600}\n"))
                .isEqualTo("config.yaml:3:46: chaos.faults.server-abort.status must be an HTTP status from 200 to 599, got '600'");
        assertThat(error("chaos:\n  faults:\n    server-abort: {probability: 0.1, status: 199}\n")).contains("from 200 to 599, got '199'");
    }

    @Test
    void a_negative_delay_is_refused() {
        assertThat(error("chaos:\n  faults:\n    server-delay:\n      probability: 0.1\n      delay: -200ms\n"))
                .isEqualTo("config.yaml:5:14: chaos.faults.server-delay.delay must not be negative, got -200ms");
        assertThat(error("chaos:\n  faults:\n    ws-stall: {probability: 0.1, at: -5s}\n")).contains("at must not be negative");
    }

    @Test
    void an_unknown_kind_is_refused_with_the_known_kinds() {
        assertThat(error("chaos:\n  faults:\n    forged-tokn: {probability: 0.1}\n"))
                .isEqualTo("config.yaml:3:5: unknown chaos kind 'forged-tokn' (did you mean 'forged-token'?); known kinds: abort, malformed-json, "
                        + "oversized-body, expired-token, forged-token, delay, slow-upload, server-delay, server-abort, ws-drop, ws-stall, reconnect-burst");
        assertThat(error("chaos:\n  faults:\n    delay: {probability: 0.1, stauts: 500}\n")).contains("unknown key 'chaos.faults.delay.stauts'");
    }

    @Test
    void faults_that_can_hit_the_same_request_may_not_add_up_past_one() throws IOException {
        assertThat(error("chaos:\n  faults:\n    delay: {probability: 0.6}\n    abort: {probability: 0.5}\n"))
                .contains("chaos.faults: delay, abort can hit the same request and their probabilities add up to 1.10");
        // on different endpoints they never meet
        ChaosConfig c = load("chaos:\n  faults:\n    delay: {probability: 1, endpoints: ['GET /feed']}\n"
                + "    abort: {probability: 1, endpoints: ['GET /posts']}\n", List.of(), List.of()).chaos();
        assertThat(c.faults()).hasSize(2);
    }

    @Test
    void the_chaos_presets_parse_and_run_with_an_organic_error_threshold() throws IOException {
        List<Path> presets;
        try (Stream<Path> s = Files.list(SCENARIOS)) {
            presets = s.filter(p -> p.getFileName().toString().startsWith("chaos-") && p.toString().endsWith(".yaml")).toList();
        }
        assertThat(presets).extracting(p -> p.getFileName().toString()).contains("chaos-light.yaml", "chaos-heavy.yaml");
        for (Path p : presets) {
            RunConfig c = ConfigLoader.load(Optional.of(p), List.of(), List.of(), k -> null, () -> 1L);
            assertThat(c.chaos().active()).as(p.toString()).isTrue();
            assertThat(c.target().noBuiltInTarget()).as(p + " runs against the embedded demo").isTrue();
            assertThat(c.load().duration()).as(p.toString()).isLessThanOrEqualTo(Duration.ofMinutes(1));
            assertThat(c.thresholds()).as(p.toString()).anyMatch(t -> t.metric() == Threshold.Metric.ERROR_RATE);
        }
        ChaosConfig heavy = ConfigLoader.load(Optional.of(SCENARIOS.resolve("chaos-heavy.yaml")), List.of(), List.of(), k -> null, () -> 1L).chaos();
        assertThat(heavy.faults()).extracting(ChaosConfig.Fault::kind).containsExactlyInAnyOrder(ChaosConfig.Kind.values());
    }
}
