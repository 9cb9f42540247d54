package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Which command line parses loadgen's arguments: a run's own, without the subcommands' models, or the whole one.
 */
class CommandLineForTest {
    @Test
    void a_run_parses_without_the_subcommands_and_anything_else_with_them() {
        CommandLine run = Main.commandLineFor(new String[] {"--url", "http://127.0.0.1:9/", "--users", "3"});
        assertThat(run.getSubcommands()).isEmpty();
        assertThat(((Main) run.getCommand()).users).isEqualTo("3");
        for (String[] args : new String[][] {{"report", "results/x"}, {"--help"}, {"--version"}, {"--usres", "3"}, {"compre"}}) {
            assertThat(Main.commandLineFor(args).getSubcommands()).as(String.join(" ", args))
                    .containsOnlyKeys("demo", "report", "merge", "compare", "validate", "try", "control");
        }
    }

    @Test
    void a_mistake_is_said_as_the_whole_command_line_says_it() {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLineFor(new String[] {"compre"});
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute("compre")).isEqualTo(ExitCodes.BAD_USAGE);
        assertThat(err.toString()).isEqualTo("loadgen: Unmatched argument at index 0: 'compre' (see loadgen --help)" + System.lineSeparator());
    }
}
