package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secret planted in a target URL's user info, in headers, in a query and in a request body reaches no output
 * channel: not the console (stdout, stderr), not the results folder, not /metrics, not the dashboard's events, not
 * the spans sent to a collector. Run through the real launcher, since the console's redaction sits in {@code main}.
 */
class SecretsIT {
    private static final Path ROOT = Path.of(System.getProperty("loadgen.root", "..")).toAbsolutePath().normalize();
    private static final String PLANTED = "PLANTED";

    @TempDir
    Path dir;

    @Test
    void a_planted_secret_reaches_no_output_channel() throws Exception {
        ConcurrentLinkedQueue<byte[]> spans = new ConcurrentLinkedQueue<>();
        AtomicLong requests = new AtomicLong();
        AtomicLong basic = new AtomicLong();
        HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        target.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        target.createContext("/v1/traces", ex -> {
            spans.add(ex.getRequestBody().readAllBytes());
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        target.createContext("/api/", ex -> {
            ex.getRequestBody().readAllBytes();
            long n = requests.incrementAndGet();
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth != null && auth.startsWith("Basic ")) {
                basic.incrementAndGet();
            }
            // every third request fails, so that error texts are recorded too
            byte[] body = (n % 3 == 0 ? "{\"error\":\"overloaded\"}" : "{\"ok\":true}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(n % 3 == 0 ? 503 : 200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        target.start();
        int port = target.getAddress().getPort();
        int metricsPort = freePort();
        int dashboardPort = freePort();
        Path config = dir.resolve("secrets.yaml");
        Files.writeString(config, """
                target:
                  named: {api: "http://ann:PLANTED-userinfo@127.0.0.1:%d"}
                observe:
                  tracing: {endpoint: "http://127.0.0.1:%d"}
                users:
                  mix: {caller: 1}
                actions:
                  read:
                    - request: GET api /api/items?token=PLANTED-query&page=2
                      name: GET /api/items
                      headers: {X-Api-Key: "PLANTED-apikey"}
                  write:
                    - request: POST api /api/items?access_token=PLANTED-query2
                      name: POST /api/items
                      headers: {Authorization: "Bearer PLANTED-bearer", Cookie: "sid=PLANTED-cookie"}
                      json: {item: {note: "hello"}, password: "PLANTED-body"}
                personas:
                  caller:
                    think: 50ms
                    flow:
                      start: {read: 1.0}
                      read:  {write: 0.5, read: 0.5}
                      write: {read: 0.9, end: 0.1}
                """.formatted(port, port));
        Path results = dir.resolve("run");
        List<String> cmd = List.of(ROOT.resolve("loadgen").toString(), "--config", config.toString(), "--users", "3", "--duration", "8s",
                "--self-warm", "0", "--metrics-port", Integer.toString(metricsPort), "--dashboard-port", Integer.toString(dashboardPort),
                "--out", results.toString());
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        String metrics = "";
        String events = "";
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // wait for the run's traffic, then read both live channels while it goes on
            while (requests.get() < 10 && System.nanoTime() < deadline && p.isAlive()) {
                Thread.sleep(100);
            }
            assertThat(p.isAlive()).as("loadgen still running: %s", Files.readString(err)).isTrue();
            metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            events = readFor(URI.create("http://127.0.0.1:" + dashboardPort + "/events"), Duration.ofMillis(2500));
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("loadgen ends").isTrue();
        } finally {
            p.destroyForcibly();
            target.stop(0);
        }
        String stdout = Files.readString(out);
        String stderr = Files.readString(err);
        assertThat(p.exitValue()).as(stderr).isZero();
        // the channels carried what they should, so finding no secret in them means something
        assertThat(metrics).contains("loadgen_requests_total").contains("GET /api/items");
        assertThat(events).contains("data:").contains("GET /api/items");
        assertThat(spans).as("spans exported to the collector").isNotEmpty();
        assertThat(stdout).contains("HTTP 503: overloaded");
        assertThat(basic.get()).as("the user info went out as Basic auth on the requests with no Authorization of their own").isPositive();
        List<String> leaks = new ArrayList<>();
        check("stdout", stdout, leaks);
        check("stderr", stderr, leaks);
        check("/metrics", metrics, leaks);
        check("dashboard /events", events, leaks);
        int i = 0;
        for (byte[] s : spans) {
            check("spans batch " + i++, new String(s, StandardCharsets.ISO_8859_1), leaks);
        }
        try (Stream<Path> files = Files.walk(results)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                check(results.relativize(f).toString(), new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1), leaks);
            }
        }
        assertThat(leaks).as("outputs that carry the planted secret").isEmpty();
    }

    @Test
    void an_unreachable_target_is_named_without_its_password() throws Exception {
        int port = freePort();
        Process p = new ProcessBuilder(ROOT.resolve("loadgen").toString(), "--url", "http://user:PLANTED-pw@127.0.0.1:" + port + "/",
                "--users", "1", "--duration", "2s", "--out", dir.resolve("unreachable").toString())
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isEqualTo(3);
        assertThat(output).contains("http://user:(redacted)@127.0.0.1:" + port + "/ is unreachable").doesNotContain(PLANTED);
    }

    private static void check(String channel, String text, List<String> leaks) {
        int at = text.indexOf(PLANTED);
        if (at >= 0) {
            leaks.add(channel + ": ..." + text.substring(Math.max(0, at - 60), Math.min(text.length(), at + 40)).replace('\n', ' ') + "...");
        }
    }

    /** What a server-sent event stream delivers in {@code time}. */
    private static String readFor(URI uri, Duration time) throws IOException {
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) uri.toURL().openConnection();
        c.setReadTimeout((int) time.toMillis());
        StringBuilder text = new StringBuilder();
        long end = System.nanoTime() + time.toNanos();
        try (InputStream in = c.getInputStream()) {
            byte[] buf = new byte[8192];
            while (System.nanoTime() < end) {
                int n;
                try {
                    n = in.read(buf);
                } catch (SocketTimeoutException e) {
                    break;
                }
                if (n < 0) {
                    break;
                }
                text.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        } finally {
            c.disconnect();
        }
        return text.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
