package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `loadgen control`: what it says when it starts, and the one line (exit code 2) for each bad option. */
class ControlCommandTest {
    private static final String TOKEN = "s3cret-control-token";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private ControlCommand command(Map<String, String> env) {
        return new ControlCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env);
    }

    private int run(String... args) {
        return new CommandLine(command(Map.of())).execute(args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8).strip();
    }

    @Test
    void it_is_a_subcommand_of_loadgen() {
        assertThat(Main.commandLine().getSubcommands()).containsKey("control");
    }

    @Test
    void it_says_where_its_page_is_and_runs_until_stopped_never_printing_the_token() throws Exception {
        ControlCommand c = command(Map.of(ControlCommand.TOKEN_VARIABLE, TOKEN));
        CommandLine cl = new CommandLine(c);
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> cl.execute("--instances",
                "http://127.0.0.1:1,127.0.0.1:2", "--port", "0"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (c.started().isEmpty() && !code.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(c.started()).as(err()).isPresent();
        while (out.size() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        int port = c.started().get().url().getPort();
        assertThat(out.toString(StandardCharsets.UTF_8).strip()).isEqualTo("loadgen control: page on http://127.0.0.1:" + port
                + "/ for 2 instances: http://127.0.0.1:1/, http://127.0.0.1:2/; control needs the token (Ctrl-C to stop)");
        c.stop();
        assertThat(code.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8) + err()).doesNotContain(TOKEN);
    }

    @Test
    void with_a_dns_name_it_says_what_it_looks_up_and_how_many_it_found() throws Exception {
        ControlCommand c = command(Map.of());
        CommandLine cl = new CommandLine(c);
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> cl.execute("--instances-dns", "localhost:1", "--port", "0"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (out.size() == 0 && !code.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        int found = c.started().orElseThrow(() -> new AssertionError(err())).instanceUrls().size();
        assertThat(found).isPositive();
        assertThat(out.toString(StandardCharsets.UTF_8).strip()).isEqualTo("loadgen control: page on " + c.started().get().url()
                + " for the addresses of localhost on port 1, looked up every 5s; " + found + " found now (Ctrl-C to stop)");
        c.stop();
        assertThat(code.get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void no_instances_bad_ones_or_both_ways_are_one_line_each() {
        assertThat(run()).isEqualTo(2);
        assertThat(err()).isEqualTo("loadgen control: no instances: give their dashboard addresses with --instances http://host:8089,... "
                + "or a headless Service with --instances-dns NAME:PORT");
        err.reset();
        assertThat(run("--instances", "http://h1:8089,ftp://h2:8089")).isEqualTo(2);
        assertThat(err()).isEqualTo("loadgen control: 'ftp://h2:8089' is not an http:// or https:// URL; give each instance's dashboard "
                + "address, like http://10.0.0.5:8089");
        err.reset();
        assertThat(run("--instances", "http://h1:8089", "--instances", "http://H1:8089/")).isEqualTo(2);
        assertThat(err()).isEqualTo("loadgen control: --instances: http://h1:8089/ is given twice; give each instance once");
        err.reset();
        assertThat(run("--instances", "http://h1:8089", "--instances-dns", "loadgen:8089")).isEqualTo(2);
        assertThat(err()).isEqualTo("loadgen control: give --instances or --instances-dns, not both");
        err.reset();
        assertThat(run("--instances-dns", "loadgen")).isEqualTo(2);
        assertThat(err()).startsWith("loadgen control: 'loadgen' is not NAME:PORT; ");
    }

    @Test
    void a_bad_port_or_address_a_taken_port_and_an_open_bind_without_token_are_one_line_each() throws Exception {
        assertThat(run("--instances", "http://h1:8089", "--port", "80a")).isEqualTo(2);
        assertThat(err()).isEqualTo("loadgen control: --port 80a is not a port; give a number from 1 to 65535 (0 for a free one)");
        err.reset();
        assertThat(run("--instances", "http://h1:8089", "--bind", "example.com")).isEqualTo(2);
        assertThat(err()).isEqualTo("loadgen control: --bind must be an IP address such as 127.0.0.1 or 0.0.0.0 (or localhost), got 'example.com'");
        err.reset();
        assertThat(run("--instances", "http://h1:8089", "--bind", "0.0.0.0", "--port", "0")).isEqualTo(2);
        assertThat(err()).isEqualTo("loadgen control: --bind 0.0.0.0 is not a loopback address, so anyone who reaches it could change or "
                + "stop the run: give --token (or LOADGEN_DASHBOARD_TOKEN), or bind to 127.0.0.1");
        err.reset();
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThat(run("--instances", "http://h1:8089", "--port", Integer.toString(port))).isEqualTo(2);
            assertThat(err().lines()).singleElement().satisfies(l -> assertThat(l)
                    .startsWith("loadgen control: cannot listen on 127.0.0.1:" + port + " (").endsWith("); choose another port with --port"));
        }
    }
}
