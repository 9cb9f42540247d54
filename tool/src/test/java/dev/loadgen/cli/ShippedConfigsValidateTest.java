package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every config shipped under configs/ passes {@code loadgen validate}: its scenario compiles as a run's would
 * (actions, templates, variables read after they are set, JSONPaths, auth), not only its YAML keys.
 */
class ShippedConfigsValidateTest {
    private static final Path CONFIGS = Path.of(System.getProperty("loadgen.root", "..")).resolve("configs");

    @Test
    void every_shipped_config_and_scenario_validates() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(CONFIGS)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).anyMatch(f -> f.endsWith("examples/realworld.yaml")).anyMatch(f -> f.endsWith("demo-scenario.yaml"));
        for (Path f : files) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = new CommandLine(new ValidateCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8))).execute(f.toString());
            String said = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
            assertThat(code).as(f + ": " + said).isZero();
            assertThat(said).as(f.toString()).contains(f + ": ok: ").doesNotContain("never reached");
        }
    }
}
