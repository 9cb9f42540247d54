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

/** Every YAML file shipped under configs/ (scenarios included) parses, and the reference file states the real defaults. */
class ExampleConfigsTest {
    private static final Path CONFIGS = Path.of(System.getProperty("loadgen.root", "..")).resolve("configs");

    @Test
    void every_shipped_config_parses() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(CONFIGS)) {
            files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).toList();
        }
        assertThat(files).isNotEmpty().anyMatch(f -> f.getParent().getFileName().toString().equals("scenarios"));
        for (Path f : files) {
            RunConfig c = ConfigLoader.load(Optional.of(f), List.of(), List.of(), k -> null, () -> 1L);
            assertThat(c.load().duration()).as(f.toString()).isPositive();
        }
    }

    @Test
    void the_demo_scenario_in_configs_is_the_built_in_one() throws IOException {
        assertThat(Files.readString(CONFIGS.resolve(Scenarios.DEMO))).isEqualTo(Scenarios.demoText());
    }

    @Test
    void the_reference_config_says_what_the_defaults_are() {
        RunConfig file = ConfigLoader.load(Optional.of(CONFIGS.resolve("config.yaml")), List.of(), List.of(), k -> null, () -> 1L);
        RunConfig defaults = ConfigLoader.load(Optional.empty(), List.of(), List.of(), k -> null, () -> 1L);
        assertThat(file.load()).isEqualTo(defaults.load());
        assertThat(file.population()).isEqualTo(defaults.population());
        assertThat(file.target().timeout()).isEqualTo(defaults.target().timeout()).isEqualTo(Duration.ofSeconds(10));
        // config.yaml: connect-timeout 5s, idle-timeout 60s (docs/running.md: 60 s), connections per-user (the default, docs/running.md)
        assertThat(file.target().connectTimeout()).isEqualTo(defaults.target().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(file.target().idleTimeout()).isEqualTo(defaults.target().idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(file.target().sharedConnections()).as("connections: per-user").isEqualTo(defaults.target().sharedConnections()).isFalse();
        assertThat(file.target().allowedHosts()).isEqualTo(defaults.target().allowedHosts()).isEmpty();
        assertThat(file.target().maxResponseBodyBytes()).as("max-response-body: 4MiB").isEqualTo(defaults.target().maxResponseBodyBytes())
                .isEqualTo(4 * 1024 * 1024);
        assertThat(file.target().noBuiltInTarget()).isTrue();
        assertThat(file.output()).isEqualTo(defaults.output());
        assertThat(file.dashboard()).isEqualTo(defaults.dashboard())
                .isEqualTo(new DashboardConfig(8089, false, "127.0.0.1", Optional.empty()));
        assertThat(file.observe()).isEqualTo(defaults.observe()).isEqualTo(ObservabilityConfig.defaults());
        assertThat(file.chaos()).isEqualTo(defaults.chaos()).isEqualTo(ChaosConfig.OFF);
    }
}
