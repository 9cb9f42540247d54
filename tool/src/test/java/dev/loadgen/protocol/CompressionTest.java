package dev.loadgen.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgen.config.NetworkConfig;
import dev.loadgen.config.TargetConfig;
import dev.loadgen.config.TlsConfig;
import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.Outcome;
import dev.loadgen.metrics.RequestSample;
import dev.loadgen.time.Clock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code compression: true} against a Jetty server that compresses as a real one does (only what the request accepts), and
 * one that sends a gzip bomb whatever it is asked: decoded bodies, counted on the wire and decoded, capped at
 * {@code target.max-response-body}.
 */
class CompressionTest {
    static Server server;
    static URI base;
    static final Metrics METRICS = new Metrics();
    static final List<RequestSample> SAMPLES = new CopyOnWriteArrayList<>();
    static JettyHttpTransport on;
    static JettyHttpTransport off;
    /** About 9 KB of JSON that compresses to a few hundred bytes. */
    static final byte[] JSON = json();
    /** 10 MB of zeros, gzipped: about 10 KB. */
    static final byte[] BOMB = gzipZeros(10 * 1000 * 1000);
    static byte[] BROTLI_BOMB;

    static byte[] json() {
        StringBuilder b = new StringBuilder("{\"name\":\"ann\",\"items\":[");
        for (int i = 0; i < 300; i++) {
            b.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"text\":\"a post\"}");
        }
        return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzipZeros(int n) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            byte[] zeros = new byte[1 << 16];
            for (int left = n; left > 0; left -= zeros.length) {
                out.write(zeros, 0, Math.min(left, zeros.length));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] encode(String coding, byte[] plain) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        switch (coding) {
            case "gzip" -> {
                try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
                    out.write(plain);
                }
            }
            case "deflate" -> {
                try (DeflaterOutputStream out = new DeflaterOutputStream(bytes)) {
                    out.write(plain);
                }
            }
            case "deflate-raw" -> {
                try (DeflaterOutputStream out = new DeflaterOutputStream(bytes, new Deflater(Deflater.DEFAULT_COMPRESSION, true))) {
                    out.write(plain);
                }
            }
            case "br" -> {
                Brotli4jLoader.ensureAvailability();
                return Encoder.compress(plain);
            }
            default -> throw new IllegalArgumentException(coding);
        }
        return bytes.toByteArray();
    }

    @BeforeAll
    static void start() throws Exception {
        // 100 MB of zeros in a few hundred bytes
        BROTLI_BOMB = encode("br", new byte[100 * 1000 * 1000]);
        server = new Server();
        ServerConnector c = new ServerConnector(server);
        c.setHost("127.0.0.1");
        c.setPort(0);
        server.addConnector(c);
        server.setHandler(new Handler.Abstract(Handler.Abstract.InvocationType.BLOCKING) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String path = Request.getPathInContext(request);
                String accepted = request.getHeaders().get("Accept-Encoding");
                response.getHeaders().put("X-Seen-Accept-Encoding", String.valueOf(accepted));
                response.setStatus(200);
                if (path.equals("/bomb")) {
                    response.getHeaders().put("Content-Encoding", "gzip");
                    response.write(true, ByteBuffer.wrap(BOMB), callback);
                    return true;
                }
                if (path.equals("/bomb-br")) {
                    response.getHeaders().put("Content-Encoding", "br");
                    response.write(true, ByteBuffer.wrap(BROTLI_BOMB), callback);
                    return true;
                }
                if (path.equals("/not-gzip")) {
                    response.getHeaders().put("Content-Encoding", "gzip");
                    response.write(true, ByteBuffer.wrap(JSON), callback);
                    return true;
                }
                // /json/gzip: gzip when the request accepts it, as it is otherwise (deflate-raw is deflate without zlib's header)
                String coding = path.substring("/json/".length());
                String name = coding.equals("deflate-raw") ? "deflate" : coding;
                if (accepted != null && List.of(accepted.split("\\s*,\\s*")).contains(name)) {
                    response.getHeaders().put("Content-Encoding", name);
                    response.write(true, ByteBuffer.wrap(encode(coding, JSON)), callback);
                } else {
                    response.write(true, ByteBuffer.wrap(JSON), callback);
                }
                return true;
            }
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + c.getLocalPort());
        dev.loadgen.metrics.Recorder recorder = new dev.loadgen.metrics.Recorder() {
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
        on = transport(recorder, true);
        off = transport(recorder, false);
    }

    static JettyHttpTransport transport(dev.loadgen.metrics.Recorder recorder, boolean compression) {
        NetworkConfig network = new NetworkConfig(TlsConfig.DEFAULT, NetworkConfig.Http.H1, NetworkConfig.Proxy.NONE, compression, 0);
        return new JettyHttpTransport(recorder, new HostPolicy(Set.of()), new JettyHttpTransport.Settings(Duration.ofSeconds(10),
                Duration.ofSeconds(1), Duration.ofSeconds(60), 4, "loadgen/test", false, TargetConfig.DEFAULT_MAX_RESPONSE_BODY,
                new Networks(network, Map.of(), Map.of())), Clock.SYSTEM);
    }

    @AfterAll
    static void stop() throws Exception {
        on.close();
        off.close();
        server.stop();
    }

    /** A call whose check reads the body's JSON: {@code name} must be {@code ann}; {@code seen} gets the body it was given. */
    static HttpCall checking(String path, EndpointMeter m, AtomicReference<byte[]> seen, String... headers) {
        return new HttpCall(m, "GET", base.resolve(path), headers, HttpCall.NO_BODY, HttpCall.ANY_SUCCESS, System.nanoTime(), WireFault.NONE,
                HttpCall.JSON, ClientSession.SHARED, (reply, elapsed, injected) -> {
                    seen.set(reply.body());
                    try {
                        String name = new ObjectMapper().readTree(reply.body()).path("name").asText();
                        return name.equals("ann") ? Optional.empty() : Optional.of("name is " + name);
                    } catch (IOException e) {
                        return Optional.of("not JSON: " + e.getMessage());
                    }
                });
    }

    static RequestSample sampleOf(EndpointMeter m) {
        return SAMPLES.stream().filter(s -> s.endpoint() == m).reduce((a, b) -> b).orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate", "deflate-raw", "br"})
    void a_compressed_body_is_asked_for_decoded_for_its_check_and_counted_on_the_wire_and_decoded(String coding) throws Exception {
        EndpointMeter m = METRICS.endpoint("t", "GET /json/" + coding, "GET");
        AtomicReference<byte[]> seen = new AtomicReference<>();
        HttpReply r = on.send(checking("/json/" + coding, m, seen));
        assertThat(r.outcome()).as(m.errorTexts().toString()).isEqualTo(Outcome.OK);
        assertThat(r.headers().first("X-Seen-Accept-Encoding")).contains("gzip, deflate, br");
        assertThat(r.headers().first("Content-Encoding")).contains(coding.equals("deflate-raw") ? "deflate" : coding);
        assertThat(seen.get()).isEqualTo(JSON);
        int wire = encode(coding, JSON).length;
        assertThat(wire).isLessThan(JSON.length / 4);
        assertThat(r.bodyBytes()).isEqualTo(JSON.length);
        RequestSample s = sampleOf(m);
        assertThat(s.bodyBytes()).isEqualTo(JSON.length);
        assertThat(s.bodyWireBytes()).isEqualTo(wire);
        assertThat(m.bodyBytes()).isEqualTo(JSON.length);
        assertThat(m.bodyWireBytes()).isEqualTo(wire);
    }

    @Test
    void without_compression_nothing_is_asked_for_and_the_body_comes_as_it_is() throws Exception {
        EndpointMeter m = METRICS.endpoint("t", "GET /json/gzip off", "GET");
        AtomicReference<byte[]> seen = new AtomicReference<>();
        HttpReply r = off.send(checking("/json/gzip", m, seen));
        assertThat(r.outcome()).isEqualTo(Outcome.OK);
        assertThat(r.headers().first("X-Seen-Accept-Encoding")).contains("null");
        assertThat(r.headers().first("Content-Encoding")).isEmpty();
        assertThat(seen.get()).isEqualTo(JSON);
        assertThat(m.bodyBytes()).isEqualTo(JSON.length);
        assertThat(m.bodyWireBytes()).isEqualTo(JSON.length);
        // a body the target compresses unasked is not decoded: counted, and checked, as it came
        EndpointMeter bomb = METRICS.endpoint("t", "GET /bomb off", "GET");
        HttpReply b = off.send(checking("/bomb", bomb, seen));
        assertThat(b.outcome()).isEqualTo(Outcome.CHECK_FAILED);
        assertThat(seen.get()).isEqualTo(BOMB);
        assertThat(bomb.bodyBytes()).isEqualTo(BOMB.length);
        assertThat(bomb.bodyWireBytes()).isEqualTo(BOMB.length);
    }

    @Test
    void a_scenarios_own_accept_encoding_is_sent_as_written() throws Exception {
        EndpointMeter m = METRICS.endpoint("t", "GET /json/gzip identity", "GET");
        AtomicReference<byte[]> seen = new AtomicReference<>();
        HttpReply r = on.send(checking("/json/gzip", m, seen, "Accept-Encoding", "identity"));
        assertThat(r.headers().first("X-Seen-Accept-Encoding")).contains("identity");
        assertThat(r.outcome()).isEqualTo(Outcome.OK);
        assertThat(m.bodyWireBytes()).isEqualTo(JSON.length);
    }

    @Test
    void a_gzip_bomb_is_decoded_only_up_to_the_cap_and_is_body_too_large_and_the_next_request_goes_on() throws Exception {
        assertThat(BOMB.length).isLessThan(12 * 1024);
        EndpointMeter m = METRICS.endpoint("t", "GET /bomb", "GET");
        HttpReply r = on.send(new HttpCall(m, "GET", base.resolve("/bomb"), HttpCall.NO_HEADERS, HttpCall.NO_BODY, HttpCall.ANY_SUCCESS,
                System.nanoTime()));
        assertThat(r.outcome()).isEqualTo(Outcome.BODY_TOO_LARGE);
        assertThat(r.status()).isEqualTo(200);
        RequestSample s = sampleOf(m);
        // every byte on the wire read; decoding stopped one decoder's buffer (8 KiB) past the 4 MiB cap, not at 10 MB
        assertThat(s.bodyWireBytes()).isEqualTo(BOMB.length);
        assertThat(s.bodyBytes()).isGreaterThan(TargetConfig.DEFAULT_MAX_RESPONSE_BODY).isLessThanOrEqualTo(TargetConfig.DEFAULT_MAX_RESPONSE_BODY + 8192);
        assertThat(m.count(200, Outcome.BODY_TOO_LARGE)).isEqualTo(1);
        assertThat(m.errorTexts()).containsOnlyKeys("HTTP 200: body over 4 MiB once decoded (target.max-response-body), decoding stopped there; "
                + "raise the cap if the target means to send that much");
        // a check that reads the body is not given a truncated one
        AtomicReference<byte[]> seen = new AtomicReference<>();
        assertThat(on.send(checking("/bomb", m, seen)).outcome()).isEqualTo(Outcome.BODY_TOO_LARGE);
        assertThat(seen.get()).isNull();
        assertThat(m.errorTexts()).containsKey("HTTP 200: body over 4 MiB once decoded (target.max-response-body), decoding stopped there, "
                + "not checked; raise the cap if the target means to send that much");
        // the connection is still good for the next request
        assertThat(on.send(checking("/json/gzip", m, seen)).outcome()).isEqualTo(Outcome.OK);
        assertThat(seen.get()).isEqualTo(JSON);
    }

    @Test
    void a_brotli_bomb_is_cut_at_the_cap_too() throws Exception {
        assertThat(BROTLI_BOMB.length).isLessThan(1024);
        EndpointMeter m = METRICS.endpoint("t", "GET /bomb-br", "GET");
        HttpReply r = on.send(new HttpCall(m, "GET", base.resolve("/bomb-br"), HttpCall.NO_HEADERS, HttpCall.NO_BODY, HttpCall.ANY_SUCCESS,
                System.nanoTime()));
        assertThat(r.outcome()).isEqualTo(Outcome.BODY_TOO_LARGE);
        RequestSample s = sampleOf(m);
        assertThat(s.bodyWireBytes()).isEqualTo(BROTLI_BOMB.length);
        assertThat(s.bodyBytes()).isGreaterThan(TargetConfig.DEFAULT_MAX_RESPONSE_BODY).isLessThanOrEqualTo(TargetConfig.DEFAULT_MAX_RESPONSE_BODY + 8192);
    }

    @Test
    void a_body_that_is_not_in_the_coding_it_names_is_an_http_error_that_says_so() throws Exception {
        EndpointMeter m = METRICS.endpoint("t", "GET /not-gzip", "GET");
        HttpReply r = on.send(new HttpCall(m, "GET", base.resolve("/not-gzip"), HttpCall.NO_HEADERS, HttpCall.NO_BODY, HttpCall.ANY_SUCCESS,
                System.nanoTime()));
        assertThat(r.outcome()).isEqualTo(Outcome.HTTP_ERROR);
        assertThat(r.status()).isEqualTo(200);
        assertThat(m.errorTexts().keySet()).singleElement().asString().startsWith("HTTP 200: gzip body could not be decoded (");
        assertThat(sampleOf(m).bodyWireBytes()).isEqualTo(JSON.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate", "deflate-raw", "br"})
    void a_body_is_decoded_whatever_its_chunks_and_decoding_stops_when_the_reader_wants_no_more(String coding) throws Exception {
        byte[] wire = encode(coding, JSON);
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        BodyDecoder d = decoder(coding);
        // a byte at a time: gzip's header, zlib's, a brotli meta-block split anywhere
        for (int i = 0; i < wire.length; i++) {
            d.decode(ByteBuffer.wrap(wire, i, 1), piece -> {
                byte[] b = new byte[piece.remaining()];
                piece.get(b);
                decoded.writeBytes(b);
                return true;
            });
        }
        d.close();
        assertThat(decoded.toByteArray()).isEqualTo(JSON);
        int[] pieces = {0};
        BodyDecoder bomb = decoder("gzip");
        assertThat(bomb.decode(ByteBuffer.wrap(BOMB), piece -> ++pieces[0] < 3)).isFalse();
        bomb.close();
        assertThat(pieces[0]).isEqualTo(3);
    }

    private static BodyDecoder decoder(String coding) {
        return Compression.decoder(coding.equals("deflate-raw") ? "deflate" : coding).orElseThrow();
    }

    @Test
    void a_zlib_header_is_told_from_a_bare_deflate_stream() {
        // 0x78 0x9c: zlib's default header; 0x4b 0x4c: the first bytes of "aaa" deflated bare
        assertThat(DeflateDecoderSource.isZlib(0x78, 0x9c)).isTrue();
        assertThat(DeflateDecoderSource.isZlib(0x78, 0x01)).isTrue();
        assertThat(DeflateDecoderSource.isZlib(0x4b, 0x4c)).isFalse();
    }
}
