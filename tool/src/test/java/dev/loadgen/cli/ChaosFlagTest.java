package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --chaos FILE} on the command line: a bad file is one line naming file:line:column, exit code 2, nothing started. */
class ChaosFlagTest {
    @TempDir
    Path dir;

    private String[] run(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        System.setErr(new PrintStream(b, true, StandardCharsets.UTF_8));
        try {
            int code = Main.commandLine().execute(args);
            return new String[] {Integer.toString(code), b.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setErr(err);
        }
    }

    @Test
    void a_bad_chaos_file_is_refused_in_one_line_before_anything_starts() throws Exception {
        Path f = dir.resolve("faults.yaml");
        Files.writeString(f, "chaos:\n  faults:\n    server-abort:\n      probability: 0.1\n      status: 700\n");
        String[] r = run("--chaos", f.toString(), "--duration", "1s", "--metrics-port", "0");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1].strip()).isEqualTo("loadgen: " + f + ":5:15: chaos.faults.server-abort.status must be an HTTP status from 200 to 599, got '700'");

        Files.writeString(f, "faults:\n  ws-flood: {probability: 0.1}\n");
        r = run("--chaos", f.toString(), "--duration", "1s", "--metrics-port", "0");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1]).contains(f + ":2:3: unknown chaos kind 'ws-flood'").contains("known kinds: abort, malformed-json");

        r = run("--chaos", dir.resolve("missing.yaml").toString(), "--duration", "1s");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1]).contains("does not exist; check the path given to --chaos");

        r = run("--set", "chaos.faults.delay.probability=150%", "--duration", "1s");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1].strip()).isEqualTo("loadgen: --set chaos.faults.delay.probability=150%: chaos.faults.delay.probability must be between 0 and 1 (0% to 100%), got 150%");
    }
}
