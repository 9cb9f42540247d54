package dev.loadgen.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.Outcome;
import dev.loadgen.metrics.Recorder;
import dev.loadgen.metrics.RequestSample;
import dev.loadgen.time.Clock;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every outcome of an exchange, over real sockets against a small Jetty fixture. */
class JettyHttpTransportTest {
    static Server server;
    static URI base;
    static final Metrics METRICS = new Metrics();
    static final List<RequestSample> SAMPLES = new CopyOnWriteArrayList<>();
    static JettyHttpTransport http;
    /** The same client with a cap of 1 MiB on the bodies it keeps. */
    static JettyHttpTransport capped;
    static final int BIG = 3 * 1024 * 1024;
    static final int CAP = 1024 * 1024;
    static final int BOMB_DECODED = 64 * 1024 * 1024;
    static byte[] BOMB;

    @BeforeAll
    static void start() throws Exception {
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < BOMB_DECODED / zeros.length; i++) {
                out.write(zeros);
            }
        }
        BOMB = gz.toByteArray();
        server = new Server();
        ServerConnector c = new ServerConnector(server);
        c.setHost("127.0.0.1");
        c.setPort(0);
        server.addConnector(c);
        server.setHandler(new Handler.Abstract(Handler.Abstract.InvocationType.BLOCKING) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String path = Request.getPathInContext(request);
                if (path.equals("/big") || path.equals("/fail-big")) {
                    // a body larger than the cap (and than Jetty's own 2 MiB buffer): its first line is what an error text shows
                    byte[] big = new byte[BIG];
                    java.util.Arrays.fill(big, (byte) 'x');
                    byte[] head = "overloaded\n".getBytes(StandardCharsets.UTF_8);
                    System.arraycopy(head, 0, big, 0, head.length);
                    response.setStatus(path.equals("/big") ? 200 : 503);
                    response.write(true, ByteBuffer.wrap(big), callback);
                    return true;
                }
                if (path.equals("/bomb")) {
                    // a small gzip body that decodes to 64 MiB, sent compressed whatever the client asked
                    response.setStatus(200);
                    response.getHeaders().put("Content-Encoding", "gzip");
                    response.write(true, ByteBuffer.wrap(BOMB), callback);
                    return true;
                }
                if (path.startsWith("/slow")) {
                    Thread.sleep(3000);
                }
                if (path.startsWith("/redirect")) {
                    response.setStatus(302);
                    response.getHeaders().put("Location", "http://example.com/");
                    callback.succeeded();
                    return true;
                }
                response.setStatus(path.startsWith("/fail") ? 503 : 200);
                if (path.startsWith("/whoami")) {
                    // in a header: a body that no check reads is not kept
                    response.getHeaders().put("X-Seen-Authorization", String.valueOf(request.getHeaders().get("Authorization")));
                    callback.succeeded();
                    return true;
                }
                String agent = request.getHeaders().get("User-Agent");
                String encoding = request.getHeaders().get("Accept-Encoding");
                response.write(true, ByteBuffer.wrap(("ua=" + agent + (encoding == null ? "" : " accept-encoding=" + encoding))
                        .getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + c.getLocalPort());
        Recorder recorder = new Recorder() {
            @Override
            public void record(RequestSample s) {
                SAMPLES.add(s);
                METRICS.record(s);
            }

            @Override
            public void record(RequestSample s, String errorText) {
                SAMPLES.add(s);
                METRICS.record(s, errorText);
            }
        };
        http = new JettyHttpTransport(recorder, new HostPolicy(Set.of()),
                new JettyHttpTransport.Settings(Duration.ofMillis(1000), Duration.ofMillis(1000), Duration.ofSeconds(60), 4, "loadgen/test", false), Clock.SYSTEM);
        capped = new JettyHttpTransport(recorder, new HostPolicy(Set.of()),
                new JettyHttpTransport.Settings(Duration.ofSeconds(5), Duration.ofMillis(1000), Duration.ofSeconds(60), 4, "loadgen/test", false, CAP),
                Clock.SYSTEM);
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
        capped.close();
        server.stop();
    }

    private static HttpCall get(String path, EndpointMeter m) {
        return new HttpCall(m, "GET", base.resolve(path), HttpCall.NO_HEADERS, HttpCall.NO_BODY, HttpCall.ANY_SUCCESS, System.nanoTime());
    }

    /** A call whose body someone reads (a check, a capture, a plug-in); {@code seen} gets the body the judge was given. */
    private static HttpCall reading(String path, EndpointMeter m, AtomicReference<byte[]> seen) {
        return new HttpCall(m, "GET", base.resolve(path), HttpCall.NO_HEADERS, HttpCall.NO_BODY, HttpCall.ANY_SUCCESS, System.nanoTime(),
                WireFault.NONE, HttpCall.JSON, ClientSession.SHARED, (reply, elapsed, injected) -> {
                    seen.set(reply.body());
                    return java.util.Optional.empty();
                });
    }

    @Test
    void a_2xx_is_ok_with_its_body_and_the_user_agent_says_loadgen() throws Exception {
        EndpointMeter m = METRICS.endpoint("t", "GET /ok", "GET");
        HttpReply r = http.send(reading("/ok", m, new AtomicReference<>()));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.outcome()).isEqualTo(Outcome.OK);
        assertThat(r.text()).isEqualTo("ua=loadgen/test");
        assertThat(m.status(200)).isEqualTo(1);
    }

    @Test
    void a_5xx_is_an_http_error_and_a_redirect_is_not_followed() throws Exception {
        EndpointMeter m = METRICS.endpoint("t", "GET /fail", "GET");
        assertThat(http.send(get("/fail", m)).outcome()).isEqualTo(Outcome.HTTP_ERROR);
        assertThat(m.outcome(Outcome.HTTP_ERROR)).isEqualTo(1);
        assertThat(m.errorTexts()).isEqualTo(java.util.Map.of("HTTP 503: ua=loadgen/test", 1L));
        HttpReply redirect = http.send(get("/redirect", METRICS.endpoint("t", "GET /redirect", "GET")));
        assertThat(redirect.status()).isEqualTo(302);
    }

    @Test
    void an_expected_status_list_decides_what_is_ok() throws Exception {
        EndpointMeter m = METRICS.endpoint("t", "GET /fail expected", "GET");
        HttpCall call = new HttpCall(m, "GET", base.resolve("/fail"), HttpCall.NO_HEADERS, HttpCall.NO_BODY, new int[] {503}, System.nanoTime());
        assertThat(http.send(call).outcome()).isEqualTo(Outcome.OK);
    }

    @Test
    void a_slow_answer_is_a_timeout() throws Exception {
        EndpointMeter m = METRICS.endpoint("t", "GET /slow", "GET");
        long t0 = System.nanoTime();
        HttpReply r = http.send(get("/slow", m));
        assertThat(r.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(r.status()).isZero();
        assertThat(m.errorTexts()).containsOnlyKeys("no response within 1.0s");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(900), Duration.ofMillis(2900));
    }

    @Test
    void the_total_timeout_is_kept_by_loadgen_not_by_jettys_timers() throws Exception {
        // Jetty's total timeout woke its timer thread about once per request of a thinking user (RequestTimeouts):
        // the request goes to Jetty without one, and a slow answer is still a timeout (above)
        AtomicReference<Long> timeout = new AtomicReference<>();
        org.eclipse.jetty.client.HttpClient client = http.clientFor(base);
        org.eclipse.jetty.client.Request.Listener seen = new org.eclipse.jetty.client.Request.Listener() {
            @Override
            public void onBegin(org.eclipse.jetty.client.Request r) {
                timeout.set(r.getTimeout());
            }
        };
        client.getRequestListeners().addListener(seen);
        try {
            EndpointMeter m = METRICS.endpoint("t", "GET /plain", "GET");
            assertThat(http.send(get("/plain", m)).outcome()).isEqualTo(Outcome.OK);
        } finally {
            client.getRequestListeners().removeListener(seen);
        }
        assertThat(timeout.get()).isNotNull().isLessThanOrEqualTo(0L);
    }

    @Test
    void a_slow_upload_stops_at_the_total_timeout() throws Exception {
        // 10 KB at 1 KB/s would take 10 s; the timeout is 1 s
        EndpointMeter m = METRICS.endpoint("t", "POST /slow-upload", "POST");
        HttpCall call = new HttpCall(m, "POST", base.resolve("/slow-upload"), HttpCall.NO_HEADERS, new byte[10_000], HttpCall.ANY_SUCCESS,
                System.nanoTime()).with(HttpCall.NO_HEADERS, new byte[10_000], new WireFault("slow-upload", 0, false, 1000));
        long t0 = System.nanoTime();
        HttpReply r = http.send(call);
        assertThat(r.outcome()).isEqualTo(Outcome.CHAOS);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(900), Duration.ofMillis(2900));
    }

    @Test
    void a_urls_user_info_is_sent_as_basic_auth_unless_the_request_sets_its_own_authorization() throws Exception {
        EndpointMeter m = METRICS.endpoint("t", "GET /whoami", "GET");
        URI withUser = URI.create("http://ann:s%3Ac@" + base.getAuthority() + "/whoami");
        HttpReply r = http.send(new HttpCall(m, "GET", withUser, HttpCall.NO_HEADERS, HttpCall.NO_BODY, HttpCall.ANY_SUCCESS, System.nanoTime()));
        String expected = java.util.Base64.getEncoder().encodeToString("ann:s:c".getBytes(StandardCharsets.UTF_8));
        assertThat(r.headers().first("X-Seen-Authorization")).contains("Basic " + expected);
        HttpReply own = http.send(new HttpCall(m, "GET", withUser, new String[] {"authorization", "Bearer t"}, HttpCall.NO_BODY,
                HttpCall.ANY_SUCCESS, System.nanoTime()));
        assertThat(own.headers().first("X-Seen-Authorization")).contains("Bearer t");
        HttpReply none = http.send(get("/whoami", m));
        assertThat(none.headers().first("X-Seen-Authorization")).contains("null");
    }

    @Test
    void a_refused_connection_is_a_connect_error() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        EndpointMeter m = METRICS.endpoint("t", "GET /refused", "GET");
        HttpCall call = new HttpCall(m, "GET", URI.create("http://127.0.0.1:" + port + "/"), HttpCall.NO_HEADERS, HttpCall.NO_BODY,
                HttpCall.ANY_SUCCESS, System.nanoTime());
        assertThat(http.send(call).outcome()).isEqualTo(Outcome.CONNECT_ERROR);
        assertThat(m.errorTexts()).containsOnlyKeys("connection refused");
    }

    @Test
    void a_connection_that_breaks_mid_response_is_a_reset_not_a_connect_error() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (java.net.Socket s = server.accept()) {
                    s.getInputStream().read(new byte[4096]);
                    // half a response, then the connection is reset
                    s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nhalf".getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    s.setSoLinger(true, 0);
                } catch (java.io.IOException e) {
                    // the test fails on the outcome below
                }
            });
            EndpointMeter m = METRICS.endpoint("t", "GET /reset", "GET");
            HttpCall call = new HttpCall(m, "GET", URI.create("http://127.0.0.1:" + server.getLocalPort() + "/"), HttpCall.NO_HEADERS,
                    HttpCall.NO_BODY, HttpCall.ANY_SUCCESS, System.nanoTime());
            assertThat(http.send(call).outcome()).isEqualTo(Outcome.RESET);
            assertThat(m.outcome(Outcome.CONNECT_ERROR)).isZero();
            assertThat(m.errorTexts().keySet()).singleElement().satisfies(t -> assertThat(t).isIn("connection reset",
                    "connection closed by the target before the response ended").doesNotContain("@"));
        }
    }

    @Test
    void an_interrupted_user_records_its_request_as_interrupted() throws Exception {
        EndpointMeter m = METRICS.endpoint("t", "GET /slow interrupted", "GET");
        CountDownLatch sent = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread user = Thread.ofVirtual().start(() -> {
            try {
                sent.countDown();
                http.send(get("/slow-i", m));
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        sent.await();
        Thread.sleep(200);
        user.interrupt();
        user.join(TimeUnit.SECONDS.toMillis(5));
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(m.outcome(Outcome.INTERRUPTED)).isEqualTo(1);
        assertThat(m.count()).isEqualTo(1);
    }

    @Test
    void a_host_outside_the_allow_list_is_refused_before_sending() {
        EndpointMeter m = METRICS.endpoint("t", "GET /elsewhere", "GET");
        HttpCall call = new HttpCall(m, "GET", URI.create("http://example.com/"), HttpCall.NO_HEADERS, HttpCall.NO_BODY,
                HttpCall.ANY_SUCCESS, System.nanoTime());
        assertThatThrownBy(() -> http.send(call)).isInstanceOf(HostRefusedException.class).hasMessageContaining("example.com");
        assertThat(m.count()).isZero();
    }

    @Test
    void latency_counts_from_the_intended_start_and_service_time_from_the_send() throws Exception {
        EndpointMeter m = METRICS.endpoint("t", "GET /ok late", "GET");
        long intended = System.nanoTime() - 50_000_000L;
        http.send(new HttpCall(m, "GET", base.resolve("/ok"), HttpCall.NO_HEADERS, HttpCall.NO_BODY, HttpCall.ANY_SUCCESS, intended));
        RequestSample s = SAMPLES.stream().filter(x -> x.endpoint() == m).findFirst().orElseThrow();
        assertThat(s.latencyNanos()).isGreaterThanOrEqualTo(50_000_000L);
        assertThat(s.serviceTimeNanos()).isLessThan(s.latencyNanos() - 40_000_000L);
    }

    @Test
    void a_body_nothing_reads_is_counted_not_kept_and_its_status_is_recorded_however_large() throws Exception {
        EndpointMeter m = METRICS.endpoint("t", "GET /big", "GET");
        HttpReply r = capped.send(get("/big", m));
        assertThat(r.outcome()).isEqualTo(Outcome.OK);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.bodyBytes()).isEqualTo(BIG);
        assertThat(m.status(200)).isEqualTo(1);
        assertThat(m.bodyBytes()).isEqualTo(BIG);
        // the same without a cap of loadgen's own: Jetty's 2 MiB buffer is not in the way either
        assertThat(http.send(get("/big", m)).outcome()).isEqualTo(Outcome.OK);
        assertThat(m.status(200)).isEqualTo(2);
    }

    @Test
    void a_body_a_check_reads_is_kept_whole_under_the_cap() throws Exception {
        EndpointMeter m = METRICS.endpoint("t", "GET /big read", "GET");
        AtomicReference<byte[]> seen = new AtomicReference<>();
        HttpReply r = http.send(reading("/big", m, seen));
        assertThat(r.outcome()).isEqualTo(Outcome.OK);
        assertThat(seen.get()).hasSize(BIG).startsWith("overloaded".getBytes(StandardCharsets.UTF_8));
        assertThat(r.body()).hasSize(BIG);
    }

    @Test
    void a_body_over_the_cap_that_a_check_reads_keeps_its_status_and_is_body_too_large_and_the_next_request_goes_on() throws Exception {
        EndpointMeter m = METRICS.endpoint("t", "GET /big over cap", "GET");
        AtomicReference<byte[]> seen = new AtomicReference<>();
        HttpReply r = capped.send(reading("/big", m, seen));
        assertThat(r.outcome()).isEqualTo(Outcome.BODY_TOO_LARGE);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bodyBytes()).isEqualTo(BIG);
        assertThat(seen.get()).as("a truncated body is not judged").isNull();
        assertThat(m.status(200)).isEqualTo(1);
        assertThat(m.count(200, Outcome.BODY_TOO_LARGE)).isEqualTo(1);
        assertThat(m.errorTexts()).containsOnlyKeys("HTTP 200: body over 1 MiB (target.max-response-body), not checked; raise the cap to check it");
        assertThat(capped.send(reading("/ok", m, seen)).outcome()).isEqualTo(Outcome.OK);
        assertThat(seen.get()).isEqualTo("ua=loadgen/test".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void an_unexpected_status_keeps_only_the_first_kilobytes_for_its_error_text() throws Exception {
        EndpointMeter m = METRICS.endpoint("t", "GET /fail-big", "GET");
        HttpReply r = capped.send(reading("/fail-big", m, new AtomicReference<>()));
        assertThat(r.outcome()).isEqualTo(Outcome.HTTP_ERROR);
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.body()).hasSize(BodyReader.ERROR_TEXT_BYTES);
        assertThat(r.bodyBytes()).isEqualTo(BIG);
        assertThat(m.errorTexts()).containsOnlyKeys("HTTP 503: overloaded");
    }

    @Test
    void a_gzip_bomb_left_undecoded_is_its_compressed_bytes_within_the_cap() throws Exception {
        EndpointMeter m = METRICS.endpoint("t", "GET /bomb", "GET");
        AtomicReference<byte[]> seen = new AtomicReference<>();
        HttpReply r = capped.send(reading("/bomb", m, seen));
        assertThat(r.outcome()).isEqualTo(Outcome.OK);
        assertThat(r.headers().first("Content-Encoding")).contains("gzip");
        assertThat(seen.get()).isEqualTo(BOMB);
        assertThat(r.bodyBytes()).isEqualTo(BOMB.length).isLessThan(CAP);
        // nothing asked for it: the target compressed on its own (loadgen sends no Accept-Encoding)
        assertThat(http.send(reading("/ok", m, seen)).outcome()).isEqualTo(Outcome.OK);
        assertThat(new String(seen.get(), StandardCharsets.UTF_8)).isEqualTo("ua=loadgen/test");
    }
}
