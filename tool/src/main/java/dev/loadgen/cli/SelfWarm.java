package dev.loadgen.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * loadgen warming its own code before the clock starts. A fresh JVM runs loadgen's request path in the
 * interpreter until the JIT has compiled it, and loads hundreds of classes on first use: the first second of a
 * run measured requests that took 40 to 50 times the target's answer (a 15 ms target reported at 765 ms p50
 * over the first 500 requests), and the user would blame their service. So before the real run, a short run
 * of the same machinery (engine, users, scenario steps, HTTP client, meters, histogram logs) sends requests
 * to a sink in this process, on loopback, and is thrown away: nothing of it reaches the target, the results
 * folder, the metrics endpoint or traces.
 */
final class SelfWarm {
    private static final byte[] BODY = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
    /** Users of the warm-up run: enough to exercise the connection pool and the scheduler's concurrency. */
    static final int USERS = 16;

    private SelfWarm() {}

    /**
     * Runs the warm-up for about {@code time}; a failure costs the warm-up, never the run (said on {@code err}).
     * Returns whether a Ctrl-C (or SIGTERM) came during it, which is meant for the whole run.
     */
    static boolean run(Duration time, PrintStream err) {
        if (time.isZero()) {
            return false;
        }
        Server sink = new Server();
        ServerConnector connector = new ServerConnector(sink);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        sink.addConnector(connector);
        sink.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                response.write(true, ByteBuffer.wrap(BODY), callback);
                return true;
            }
        });
        Path dir = null;
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try {
            sink.start();
            dir = Files.createTempDirectory("loadgen-self-warm");
            Main m = new Main();
            m.url = "http://127.0.0.1:" + connector.getLocalPort() + "/warm";
            m.users = Integer.toString(USERS);
            m.think = "0";
            m.duration = time.toMillis() + "ms";
            m.gracefulStop = "1s";
            m.quiet = true;
            m.metricsPort = "0";
            m.dashboardPort = "0";
            m.out = dir.toString();
            m.seed = "1";
            // no environment: LOADGEN_* and OTEL_* variables are the real run's, not the warm-up's
            RunPlan plan = RunPlan.resolve(RunRequest.from(m), k -> null);
            try (Started started = new Started(quiet)) {
                Components c = Components.start(plan, Runner.Seams.NONE, quiet, started);
                return Execution.run(c, quiet).signals().interrupted();
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            err.println("loadgen: warning: the self warm-up failed (" + e + "); the first seconds may show loadgen's own cold start");
            return false;
        } finally {
            try {
                sink.stop();
            } catch (Exception e) {
                // the sink is on loopback and dies with the JVM anyway
            }
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind
        }
    }
}
