package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * What loadgen's start decides before a run reads its config: whether the arguments are a run's (the self warm-up
 * begins then), and which command line parses them (a run's own, without the subcommands' models, or the whole one).
 */
class CommandLineForTest {
    @Test
    void a_run_is_told_by_its_first_argument_a_flag_and_by_asking_neither_help_nor_no_warm_up() {
        assertThat(Main.looksLikeARun(new String[0])).isTrue();
        assertThat(Main.looksLikeARun(new String[] {"--url", "http://127.0.0.1:8080/", "--users", "1"})).isTrue();
        assertThat(Main.looksLikeARun(new String[] {"--users", "10", "--self-warm", "2s"})).isTrue();
        assertThat(Main.looksLikeARun(new String[] {"--self-warm=500ms"})).isTrue();
        assertThat(Main.looksLikeARun(new String[] {"report", "results/x"})).isFalse();
        assertThat(Main.looksLikeARun(new String[] {"demo"})).isFalse();
        assertThat(Main.looksLikeARun(new String[] {"--help"})).isFalse();
        assertThat(Main.looksLikeARun(new String[] {"--users", "5", "-V"})).isFalse();
        assertThat(Main.looksLikeARun(new String[] {"--url", "http://x/", "--self-warm", "0"})).isFalse();
        assertThat(Main.looksLikeARun(new String[] {"--self-warm=0ms"})).isFalse();
        assertThat(Main.looksLikeARun(new String[] {"--self-warm", "0.0s"})).isFalse();
    }

    @Test
    void a_run_parses_without_the_subcommands_and_anything_else_with_them() {
        CommandLine run = Main.commandLineFor(new String[] {"--url", "http://127.0.0.1:9/", "--users", "3"}, Optional.empty());
        assertThat(run.getSubcommands()).isEmpty();
        assertThat(((Main) run.getCommand()).users).isEqualTo("3");
        for (String[] args : new String[][] {{"report", "results/x"}, {"--help"}, {"--version"}, {"--usres", "3"}, {"compre"}}) {
            assertThat(Main.commandLineFor(args, Optional.empty()).getSubcommands()).as(String.join(" ", args))
                    .containsOnlyKeys("demo", "report", "merge", "compare", "validate", "try", "control");
        }
    }

    @Test
    void a_mistake_is_said_as_the_whole_command_line_says_it() {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLineFor(new String[] {"compre"}, Optional.empty());
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute("compre")).isEqualTo(ExitCodes.BAD_USAGE);
        assertThat(err.toString()).isEqualTo("loadgen: Unmatched argument at index 0: 'compre' (see loadgen --help)" + System.lineSeparator());
    }
}
