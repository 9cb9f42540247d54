package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** An unexpected exception is a bug in loadgen: its stack trace and exit code 70, never "aborted" (3) or "bad config" (2). */
class InternalErrorTest {
    @Test
    void a_bug_exits_70_with_its_stack_trace() {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        // the test plug-in (PluginTest.ExampleProvider) throws when a target is named boom
        int code = cl.execute("--url", "http://127.0.0.1:1/", "--set", "target.named.boom=http://127.0.0.1:1", "--duration", "1s",
                "--dashboard-port", "0", "--metrics-port", "0", "--quiet");
        assertThat(code).isEqualTo(70);
        assertThat(err.toString()).startsWith("loadgen: internal error (a bug in loadgen; please report it with this trace): "
                + "java.lang.IllegalStateException: the example plug-in fails on purpose").contains("\tat dev.loadgen.");
    }
}
