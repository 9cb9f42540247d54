package dev.loadgen.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.Outcome;
import dev.loadgen.metrics.RequestSample;
import dev.loadgen.time.Clock;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The faults the transport carries out on the wire, as a fixture server sees them. */
class WireFaultTest {
    private final Metrics metrics = new Metrics();
    private final List<RequestSample> samples = new CopyOnWriteArrayList<>();
    private final EndpointMeter meter = metrics.endpoint("posts", "POST /posts", "POST");
    private JettyHttpTransport http;
    private Server server;
    private URI base;
    /** Nanoseconds the fixture spent reading each request's body, and the bodies' sizes. */
    private final List<long[]> uploads = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        http = new JettyHttpTransport(s -> {
            samples.add(s);
            metrics.record(s);
        }, new HostPolicy(Set.of()), new JettyHttpTransport.Settings(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(60), 4, "loadgen/test", false),
                Clock.SYSTEM);
        server = new Server();
        ServerConnector c = new ServerConnector(server);
        c.setHost("127.0.0.1");
        server.addConnector(c);
        server.setHandler(new Handler.Abstract(Handler.Abstract.InvocationType.BLOCKING) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                long t0 = System.nanoTime();
                byte[] body = Request.asInputStream(request).readAllBytes();
                uploads.add(new long[] {System.nanoTime() - t0, body.length});
                response.setStatus(201);
                response.write(true, ByteBuffer.wrap("{}".getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + c.getLocalPort());
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        server.stop();
    }

    private HttpCall post(URI uri, byte[] body, WireFault fault) {
        return new HttpCall(meter, "POST", uri, new String[] {"Authorization", "Bearer t"}, body, HttpCall.ANY_SUCCESS, System.nanoTime(), fault,
                HttpCall.JSON, ClientSession.SHARED, Judge.NONE);
    }

    @Test
    void a_slow_upload_takes_the_body_size_over_the_rate_as_the_server_reads_it() throws Exception {
        byte[] body = "{\"body\":\"".concat("x".repeat(290)).concat("\"}").getBytes(StandardCharsets.UTF_8);
        HttpReply r = http.send(post(base.resolve("/posts"), body, new WireFault("slow-upload", 0, false, 1000)));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.outcome()).isEqualTo(Outcome.CHAOS);
        assertThat(uploads).hasSize(1);
        assertThat(uploads.get(0)[1]).isEqualTo(body.length);
        // 300 bytes at 1000 B/s: 0.3 s, less the first slice that goes out with the headers
        assertThat(uploads.get(0)[0] / 1e6).isBetween(180.0, 1500.0);
        http.send(post(base.resolve("/posts"), body, WireFault.NONE));
        assertThat(uploads.get(1)[0] / 1e6).as("the same body sent at once").isLessThan(100.0);
        assertThat(meter.outcome(Outcome.CHAOS)).isEqualTo(1);
        assertThat(meter.outcome(Outcome.OK)).isEqualTo(1);
    }

    @Test
    void a_pause_before_the_request_shows_in_latency_not_in_service_time() throws Exception {
        HttpReply r = http.send(post(base.resolve("/posts"), "{}".getBytes(StandardCharsets.UTF_8),
                new WireFault("delay", Duration.ofMillis(300).toNanos(), false, 0)));
        assertThat(r.status()).isEqualTo(201);
        RequestSample s = samples.get(0);
        assertThat(s.outcome()).isEqualTo(Outcome.CHAOS);
        // the pause lies between the intended start and the send: latency has it, service time has not
        assertThat((s.latencyNanos() - s.serviceTimeNanos()) / 1e6).isBetween(299.0, 400.0);
    }

    @Test
    void an_abort_writes_the_whole_request_then_closes_before_any_response() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String[]> seen = CompletableFuture.supplyAsync(() -> {
                try (Socket s = listener.accept()) {
                    s.setSoTimeout(5000);
                    InputStream in = s.getInputStream();
                    ByteArrayOutputStream got = new ByteArrayOutputStream();
                    int b;
                    // read everything the client sends; nothing is ever written back
                    while ((b = in.read()) >= 0) {
                        got.write(b);
                    }
                    return new String[] {got.toString(StandardCharsets.UTF_8), "eof"};
                } catch (Exception e) {
                    return new String[] {"", e.toString()};
                }
            });
            URI uri = URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/posts?x=1");
            long t0 = System.nanoTime();
            HttpReply r = http.send(post(uri, "{\"body\":\"hi\"}".getBytes(StandardCharsets.UTF_8), new WireFault("abort", 0, true, 0)));
            assertThat((System.nanoTime() - t0) / 1e6).as("no wait for a response").isLessThan(1000.0);
            String[] server = seen.get(5, TimeUnit.SECONDS);
            assertThat(server[1]).as("the server saw the connection closed").isEqualTo("eof");
            assertThat(server[0]).startsWith("POST /posts?x=1 HTTP/1.1\r\n").contains("Authorization: Bearer t\r\n")
                    .contains("Content-Length: 13\r\n").endsWith("\r\n\r\n{\"body\":\"hi\"}");
            assertThat(r.status()).isZero();
            assertThat(r.outcome()).isEqualTo(Outcome.CHAOS);
            assertThat(samples).singleElement().satisfies(s -> {
                assertThat(s.outcome()).isEqualTo(Outcome.CHAOS);
                assertThat(s.status()).isZero();
            });
        }
    }

    @Test
    void a_marked_request_goes_out_unchanged_and_counts_as_chaos_whatever_the_status() throws Exception {
        HttpReply r = http.send(post(base.resolve("/posts"), "{}".getBytes(StandardCharsets.UTF_8), WireFault.marked("server-abort")));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.outcome()).isEqualTo(Outcome.CHAOS);
        assertThat(meter.count(201, Outcome.CHAOS)).isEqualTo(1);
    }
}
