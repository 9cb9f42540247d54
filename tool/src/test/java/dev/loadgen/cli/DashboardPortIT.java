package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.loadgen.config.DashboardConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The dashboard's port as a user meets it on the command line: 8089 taken (by another run, say) is no
 * reason to stop, and the line at start says where the page went instead; a port asked for by name is
 * either had or loadgen stops before anything runs.
 */
class DashboardPortIT {
    private static final Pattern URL_LINE = Pattern.compile("loadgen: dashboard on http://127\\.0\\.0\\.1:(\\d+)/(.*)");

    @TempDir
    Path dir;

    private HttpServer target;
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @BeforeEach
    void startTarget() throws IOException {
        target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        target.createContext("/", ex -> {
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        target.start();
    }

    @AfterEach
    void stopTarget() {
        target.stop(0);
    }

    /** The default port taken: by this socket, or already by someone else, which is just as good for the test. */
    private static Optional<ServerSocket> occupy(int port) {
        try {
            return Optional.of(new ServerSocket(port, 50, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private int loadgen(String... args) throws Exception {
        Main main = new Main();
        new CommandLine(main).parseArgs(args);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(stderr, true, StandardCharsets.UTF_8);
        return new Runner(RunRequest.from(main), out, err).run();
    }

    private String url() {
        return "http://127.0.0.1:" + target.getAddress().getPort() + "/";
    }

    @Test
    void when_8089_is_taken_the_dashboard_takes_a_free_port_and_says_which() throws Exception {
        Optional<ServerSocket> held = occupy(DashboardConfig.DEFAULT_PORT);
        try {
            int code = loadgen("--url", url(), "--users", "1", "--duration", "1s", "--metrics-port", "0",
                    "--out", dir.resolve("r").toString(), "--quiet");
            String err = stderr.toString(StandardCharsets.UTF_8);
            assertThat(code).as(err).isZero();
            Matcher m = URL_LINE.matcher(err);
            assertThat(m.find()).as(err).isTrue();
            assertThat(Integer.parseInt(m.group(1))).isNotEqualTo(DashboardConfig.DEFAULT_PORT).isPositive();
            assertThat(m.group(2)).isEqualTo(" (port 8089 is taken)");
            assertThat(dir.resolve("r").resolve("summary.json")).isNotEmptyFile();
        } finally {
            if (held.isPresent()) {
                held.get().close();
            }
        }
    }

    @Test
    void a_port_asked_for_that_is_taken_stops_loadgen_before_anything_runs() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            int code = loadgen("--url", url(), "--users", "1", "--duration", "1s", "--metrics-port", "0",
                    "--dashboard-port", Integer.toString(port), "--out", dir.resolve("r").toString(), "--quiet");
            String err = stderr.toString(StandardCharsets.UTF_8);
            assertThat(code).as(err).isEqualTo(ExitCodes.BAD_USAGE);
            assertThat(err.lines().toList()).singleElement().asString()
                    .startsWith("loadgen: dashboard: cannot listen on 127.0.0.1:" + port + " (")
                    .endsWith("); choose another port with --dashboard-port, or 0 to turn the dashboard off");
            assertThat(Files.exists(dir.resolve("r"))).as("nothing started, no results folder").isFalse();
        }
    }
}
