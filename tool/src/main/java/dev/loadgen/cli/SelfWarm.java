package dev.loadgen.cli;

import dev.loadgen.time.Clock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * loadgen warming its own code before the clock starts. A fresh JVM runs loadgen's request path in the
 * interpreter until the JIT has compiled it, and loads hundreds of classes on first use: the first second of a
 * run measured requests that took 40 to 50 times the target's answer (a 15 ms target reported at 765 ms p50
 * over the first 500 requests), and the user would blame their service. So before the real run, a short run
 * of the same machinery (engine, users, scenario steps, HTTP client, meters, histogram logs) sends requests
 * to a sink in this process, on loopback, and is thrown away: nothing of it reaches the target, the results
 * folder, the metrics endpoint or traces.
 *
 * <p>It begins as soon as loadgen sees that it is to run ({@link Main#main}, before the flags are even parsed) and runs
 * on a thread of its own while the run reads its config and starts its parts (the dashboard, the clients, the
 * pre-flight connect), so that its own start overlaps theirs rather than adding to it (issue 18, goal 3: the first
 * request sooner after the launch). Its load has no duration of its own: the run ends it {@code self-warm} after that
 * load began ({@link #finish}), or at once when it is not wanted or the run's start fails ({@link #close}). Counted from
 * the warm-up's own start instead, it began its load later on a busy machine and so warmed less (at a load average of 5,
 * C2 had compiled for 0.5 CPU-seconds by the end of the run's first second, against 1.5 to 2 with the warm-up after
 * the set-up), just when the first seconds need it most.
 */
final class SelfWarm implements AutoCloseable {
    /** Users of the warm-up run: enough to exercise the connection pool and the scheduler's concurrency. */
    static final int USERS = 16;
    /** The warm-up's load runs until it is ended, this at most (the longest {@code self-warm} there is). */
    private static final String LONGEST = "60s";

    private final Thread thread;
    /** Counted down when the warm-up's load begins, or when the warm-up ends without one. */
    private final CountDownLatch loadBegan = new CountDownLatch(1);
    private volatile long loadBeganNanos;
    private final AtomicReference<Signals.Target> load = new AtomicReference<>();
    private volatile boolean cut;
    private volatile boolean interrupted;

    private SelfWarm(PrintStream err) {
        thread = Thread.ofPlatform().name("loadgen-self-warm").daemon().start(() -> run(err));
    }

    /** The warm-up under way; a failure costs the warm-up, never the run (said on {@code err}). */
    static SelfWarm begin(PrintStream err) {
        return new SelfWarm(err);
    }

    /**
     * Ends the warm-up {@code time} after its load began (at once for zero: none wanted) and waits for its end. Returns
     * whether a Ctrl-C (or SIGTERM) came during it, which is meant for the whole run.
     */
    boolean finish(Duration time) throws InterruptedException {
        if (time.isZero()) {
            close();
            return false;
        }
        loadBegan.await();
        long left = loadBeganNanos + time.toNanos() - Clock.SYSTEM.nanoTime();
        if (left > 0) {
            thread.join(Duration.ofNanos(left));
        }
        end();
        thread.join();
        return interrupted;
    }

    /**
     * Ends the warm-up now. Once its load has begun it is stopped (its users finish the request they are in) and waited
     * for; before that, it ends at its next step on its own, and leaves nothing behind.
     */
    @Override
    public void close() throws InterruptedException {
        if (end()) {
            thread.join();
        }
    }

    /** Returns whether the load had begun. */
    private boolean end() {
        cut = true;
        Signals.Target t = load.get();
        if (t != null) {
            t.stop();
        }
        return t != null;
    }

    private void run(PrintStream err) {
        Path dir = null;
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (Sink sink = new Sink()) {
            // made only once the load begins: a warm-up cut before may still be in its start when the JVM exits
            Path out = Path.of(System.getProperty("java.io.tmpdir"), "loadgen-self-warm" + Long.toUnsignedString(new SecureRandom().nextLong()));
            Main m = new Main();
            m.url = "http://127.0.0.1:" + sink.port() + "/warm";
            m.users = Integer.toString(USERS);
            m.think = "0";
            m.duration = LONGEST;
            m.gracefulStop = "1s";
            m.quiet = true;
            m.metricsPort = "0";
            m.dashboardPort = "0";
            m.out = out.toString();
            m.seed = "1";
            // no environment: LOADGEN_* and OTEL_* variables are the real run's, not the warm-up's
            RunPlan plan = RunPlan.resolve(RunRequest.from(m), k -> null);
            if (cut) {
                return;
            }
            try (Started started = new Started(quiet)) {
                Components c = Components.start(plan, Runner.Seams.NONE, quiet, started);
                if (cut) {
                    return;
                }
                dir = Files.createDirectory(out, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                interrupted = Execution.run(c, quiet, target -> {
                    load.set(target);
                    loadBeganNanos = Clock.SYSTEM.nanoTime();
                    loadBegan.countDown();
                    if (cut) {
                        target.stop();
                    }
                }).signals().interrupted();
            }
        } catch (Exception e) {
            if (!cut) {
                err.println("loadgen: warning: the self warm-up failed (" + e + "); the first seconds may show loadgen's own cold start");
            }
        } finally {
            delete(dir);
            loadBegan.countDown();
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

    /**
     * The warm-up's target: a loopback HTTP/1.1 server that answers every request (a GET: it ends with its blank line)
     * in the shapes real servers answer in ({@link #SHAPES}), a virtual thread per connection, and closes a connection after its
     * {@value #REQUESTS_PER_CONNECTION}th answer, so that the warm-up opens connections too: a run's first seconds are
     * its users' first connections. Not Jetty's server: that took a tenth of a second to start and a quarter of a core
     * to serve the warm-up, and it shares classes with Jetty's client (the parser, the buffers, the selector), whose JIT
     * profiles a server in the same JVM would make unlike a real run's.
     */
    static final class Sink implements AutoCloseable {
        static final int REQUESTS_PER_CONNECTION = 4;
        /**
         * What the sink answers, in turn: the shapes real servers answer in, headers and framing, so that the JIT's
         * profiles of the response path (Jetty's parser, loadgen's exchange) are those of a real run. With one small
         * answer of two headers, the run's first answers from nginx (Server, Date, Last-Modified, ETag ...) met code
         * compiled for that answer alone: the parser and the exchange were thrown back to the interpreter (an uncommon
         * trap) in the first milliseconds of the run and compiled again under its load.
         */
        static final List<String> SHAPES = List.of(
                // a static file, as nginx serves it
                "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Tue, 08 Dec 2026 04:25:45 GMT\r\nContent-Type: text/html\r\n"
                        + "Content-Length: 20\r\nLast-Modified: Tue, 08 Dec 2026 04:11:26 GMT\r\nConnection: keep-alive\r\n"
                        + "ETag: \"6b17836e-14\"\r\nAccept-Ranges: bytes\r\n\r\n<html>warm-up</html>",
                // a JSON API behind a framework
                "HTTP/1.1 200 OK\r\nDate: Tue, 08 Dec 2026 04:25:45 GMT\r\nContent-Type: application/json; charset=utf-8\r\n"
                        + "Vary: Accept-Encoding\r\nCache-Control: no-cache\r\nX-Request-Id: 7f3a9c\r\nContent-Length: 11\r\n\r\n{\"ok\":true}",
                // a streamed answer
                "HTTP/1.1 200 OK\r\nServer: Jetty(12.0.16)\r\nDate: Tue, 08 Dec 2026 04:25:45 GMT\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\nb\r\n{\"ok\":true}\r\n0\r\n\r\n",
                // the least a server says
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"ok\":true}");
        private static final List<byte[]> ANSWERS = SHAPES.stream().map(a -> a.getBytes(StandardCharsets.US_ASCII)).toList();
        /** The same, each saying it closes the connection. */
        private static final List<byte[]> LAST_ANSWERS = SHAPES.stream()
                .map(a -> a.replace("Connection: keep-alive\r\n", "").replaceFirst("\r\n", "\r\nConnection: close\r\n"))
                .map(a -> a.getBytes(StandardCharsets.US_ASCII)).toList();
        private static final byte[] END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        private final AtomicInteger connections = new AtomicInteger();
        private final ServerSocket server;

        Sink() throws IOException {
            server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().name("loadgen-self-warm-sink").start(this::accept);
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            try {
                while (true) {
                    Socket s = server.accept();
                    s.setTcpNoDelay(true);
                    int first = connections.getAndIncrement();
                    Thread.ofVirtual().start(() -> answer(s, first));
                }
            } catch (IOException e) {
                // closed: the warm-up is over
            }
        }

        /** Answers a connection's requests with the shapes in turn, from {@code first} on (each connection begins one further). */
        private static void answer(Socket socket, int first) {
            try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
                byte[] buf = new byte[8192];
                int matched = 0;
                int answered = 0;
                for (int n; (n = in.read(buf)) > 0; ) {
                    for (int i = 0; i < n; i++) {
                        matched = buf[i] == END[matched] ? matched + 1 : buf[i] == END[0] ? 1 : 0;
                        if (matched == END.length) {
                            int shape = (first + answered) % ANSWERS.size();
                            if (++answered == REQUESTS_PER_CONNECTION) {
                                out.write(LAST_ANSWERS.get(shape));
                                return;
                            }
                            out.write(ANSWERS.get(shape));
                            matched = 0;
                        }
                    }
                }
            } catch (IOException e) {
                // the client closed the connection
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
