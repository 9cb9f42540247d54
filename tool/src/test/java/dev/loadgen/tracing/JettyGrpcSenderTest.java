package dev.loadgen.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.config.TracingConfig;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/** OTLP over gRPC through Jetty's HTTP/2 client, against a cleartext HTTP/2 (h2c) server playing the collector. */
class JettyGrpcSenderTest {
    private static final String EXPORT = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

    /** A collector's gRPC port: records each call's path, content type and message, answers with {@code status}. */
    private static final class Collector implements AutoCloseable {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<byte[]> messages = new CopyOnWriteArrayList<>();
        final Server server = new Server();
        final int port;

        Collector(String status) throws Exception {
            ServerConnector connector = new ServerConnector(server, new HTTP2CServerConnectionFactory(new HttpConfiguration()));
            connector.setHost("127.0.0.1");
            server.addConnector(connector);
            server.setHandler(new Handler.Abstract() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) throws Exception {
                    calls.add(request.getMethod() + " " + Request.getPathInContext(request) + " " + request.getHeaders().get("content-type")
                            + " " + request.getConnectionMetaData().getHttpVersion());
                    ByteBuffer body = Content.Source.asByteBuffer(request);
                    byte flag = body.get();
                    int length = body.getInt();
                    byte[] m = new byte[body.remaining()];
                    body.get(m);
                    assertThat(flag).isZero();
                    assertThat(length).isEqualTo(m.length);
                    messages.add(m);
                    response.getHeaders().put("content-type", "application/grpc");
                    response.setTrailersSupplier(() -> HttpFields.build().put("grpc-status", status).put("grpc-message", "status " + status));
                    response.write(true, ByteBuffer.wrap(new byte[5]), callback);
                    return true;
                }
            });
            server.start();
            port = connector.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            server.stop();
        }
    }

    private static Tracing tracing(int port, List<String> warnings) {
        TracingConfig config = new TracingConfig(true, URI.create("http://127.0.0.1:" + port), TracingConfig.Protocol.GRPC, 1.0,
                Map.of("service.name", "loadgen"), Map.of());
        return Tracing.start(config, Exporters.otlp(config), "0.1.0", warnings::add);
    }

    @Test
    void spans_reach_a_grpc_collector_over_cleartext_http2() throws Exception {
        try (Collector collector = new Collector("0")) {
            List<String> warnings = new ArrayList<>();
            Tracing t = tracing(collector.port, warnings);
            try (ActionSpan a = t.action("posts.feed", "lurker", "1-1", 1)) {
                t.client("GET /feed", "GET", "/feed", URI.create("http://127.0.0.1:8083/feed")).end(200, "ok", false);
            }
            t.close(5);
            assertThat(collector.calls).containsExactly("POST " + EXPORT + " application/grpc HTTP/2.0");
            String payload = new String(collector.messages.get(0), StandardCharsets.ISO_8859_1);
            assertThat(payload).contains("posts.feed", "GET /feed", "loadgen", "url.template");
            assertThat(t.exported()).isEqualTo(2);
            assertThat(warnings).isEmpty();
        }
    }

    @Test
    void a_grpc_error_status_is_a_failed_export_counted_as_dropped() throws Exception {
        try (Collector collector = new Collector("14")) {
            List<String> warnings = new ArrayList<>();
            Tracing t = tracing(collector.port, warnings);
            t.client("GET /feed", "GET", "/feed", URI.create("http://127.0.0.1:8083/feed")).end(200, "ok", false);
            t.close(5);
            assertThat(t.dropped()).containsEntry("export_failed", 1L);
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0)).startsWith("cannot export spans to http://127.0.0.1:" + collector.port);
        }
    }
}
