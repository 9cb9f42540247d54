package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** validate and try take the file as their argument, so what they say about a bad one names the file, not --config. */
class ValidateCommandTest {
    @TempDir
    Path dir;

    private record Said(int code, String err) {}

    private static Said execute(BiFunction<PrintStream, PrintStream, Callable<Integer>> command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CommandLine(command.apply(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)))
                .execute(args);
        return new Said(code, err.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void a_missing_file_is_one_line_that_names_it_and_no_flag() {
        Path missing = dir.resolve("nope.yaml");
        assertThat(execute(ValidateCommand::new, missing.toString()))
                .isEqualTo(new Said(2, "loadgen validate: config file " + missing + " does not exist; check the path"));
        assertThat(execute(TryCommand::new, missing.toString()))
                .isEqualTo(new Said(2, "loadgen try: config file " + missing + " does not exist; check the path"));
    }

    @Test
    void a_folder_is_one_line_that_asks_for_the_file_in_it() {
        assertThat(execute(ValidateCommand::new, dir.toString()))
                .isEqualTo(new Said(2, "loadgen validate: config file " + dir + " is a folder; give the YAML file itself"));
    }
}
