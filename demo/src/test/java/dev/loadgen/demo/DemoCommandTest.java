package dev.loadgen.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code loadgen demo}'s flags: defaults, parsing, and one clear line with exit code 2 for bad values. */
class DemoCommandTest {
    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DemoCommand cmd = new DemoCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        CommandLine cl = new CommandLine(cmd);
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--token-ttl|15x|--token-ttl",
        "--base-port|70000|--base-port",
        "--password-iterations|0|--password-iterations",
        "--max-posts|-1|--max-posts",
        "--users-url|ftp://x|--users-url",
        "--service|billing|--service",
        "--dependency-timeout|0s|--dependency-timeout",
        "--jwt-secret|short|--jwt-secret"})
    void a_bad_value_is_one_line_naming_the_flag_and_exit_2(String flag, String value, String named) {
        Run r = run(flag, value);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("demo: " + named);
    }

    @Test
    void port_without_a_service_is_refused() {
        Run r = run("--port", "9000");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--port").contains("--base-port");
    }

    @Test
    void a_single_service_without_a_secret_says_how_to_fix_it() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("DEMO_JWT_SECRET") == null);
        Run r = run("--service", "posts", "--port", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
        assertThat(r.err()).contains("DEMO_JWT_SECRET").contains("--jwt-secret");
    }

    @Test
    void help_lists_every_cap_flag_with_its_default_and_examples() {
        String usage = new CommandLine(new DemoCommand()).getUsageMessage();
        for (Cap c : Cap.values()) {
            assertThat(usage).contains("--" + c.flag());
        }
        assertThat(usage).contains("Default: 50000").contains("Examples:").contains("--service posts");
    }

    @Test
    void the_flag_defaults_are_the_settings_defaults() {
        DemoCommand cmd = new DemoCommand();
        new CommandLine(cmd).parseArgs();
        DemoSettings s = cmd.settings(Optional.empty());
        DemoSettings d = DemoSettings.defaults();
        assertThat(s.caps()).isEqualTo(StorageCaps.defaults());
        assertThat(s.tokenTtl()).isEqualTo(d.tokenTtl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.passwordIterations()).isEqualTo(d.passwordIterations());
        assertThat(s.dependencyTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.ports()).isEqualTo(d.ports());
        assertThat(s.port(ServiceName.CHAT)).isEqualTo(8084);
        assertThat(s.faultHeaders()).isTrue();
        assertThat(s.host()).isEqualTo("127.0.0.1");
    }

    @Test
    void flags_reach_the_settings() {
        DemoCommand cmd = new DemoCommand();
        new CommandLine(cmd).parseArgs("--base-port", "9100", "--no-fault-headers", "--token-ttl", "90s",
                "--max-rooms", "7", "--host", "0.0.0.0");
        DemoSettings s = cmd.settings(Optional.empty());
        assertThat(s.port(ServiceName.AUTH)).isEqualTo(9100);
        assertThat(s.port(ServiceName.CHAT)).isEqualTo(9103);
        assertThat(s.faultHeaders()).isFalse();
        assertThat(s.tokenTtl()).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.caps().get(Cap.ROOMS)).isEqualTo(7);
        assertThat(s.host()).isEqualTo("0.0.0.0");
    }
}
