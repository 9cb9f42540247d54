package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * validate and try take the file as their argument, so what they say about a bad one names the file, not --config;
 * validate accounts for a good one from the scenario the run's first stage compiled.
 */
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

    @Test
    void an_action_nothing_leads_to_is_a_warning_and_the_account_counts_the_actions_in_use() throws IOException {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, """
                target: {named: {api: "http://127.0.0.1:9"}}
                users: {account: none, actions: {go: 1}}
                actions:
                  go:
                    - request: GET api /me
                  lost:
                    - request: GET api /lost
                """);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new CommandLine(new ValidateCommand(new PrintStream(out, true, StandardCharsets.UTF_8), System.err)).execute(f.toString());
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                f + ":6:3: warning: action 'lost' is never reached: no persona's flow, users.actions, auth, instead or pick else leads to it",
                f + ": ok: 1 actions in use, 1 personas (default), 0 data files, 0 sockets, no login");
    }
}
