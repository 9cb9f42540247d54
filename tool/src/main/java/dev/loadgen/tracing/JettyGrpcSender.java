package dev.loadgen.tracing;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.GrpcSender;
import io.opentelemetry.sdk.common.export.GrpcSenderConfig;
import io.opentelemetry.sdk.common.export.GrpcStatusCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;

/**
 * OTLP over gRPC with Jetty's HTTP/2 client, for the OpenTelemetry exporter's sender SPI. The SDK ships
 * gRPC senders only on OkHttp or grpc-java; the JDK's client, which sends http/protobuf, cannot speak
 * cleartext HTTP/2 with prior knowledge (h2c), which is what a collector's port 4317 expects. A gRPC unary
 * call is one POST: the message behind a 5-byte prefix (compressed flag, length), the status in the
 * {@code grpc-status} trailer (or header, for a trailers-only answer). No retries: a failed batch is
 * dropped and counted, as with any failed export.
 */
final class JettyGrpcSender implements GrpcSender {
    private final HttpClient client;
    private final GrpcSenderConfig config;
    private final URI uri;

    JettyGrpcSender(GrpcSenderConfig config) {
        this.config = config;
        URI base = config.getEndpoint();
        this.uri = base.resolve("/" + config.getFullMethodName());
        ClientConnector connector = new ClientConnector();
        connector.setSelectors(1);
        connector.setConnectTimeout(config.getConnectTimeout());
        client = new HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client(connector)));
        client.setName("loadgen-otlp-grpc");
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the gRPC client for OTLP: " + e.getMessage(), e);
        }
    }

    @Override
    public void send(io.opentelemetry.sdk.common.export.MessageWriter writer, Consumer<GrpcResponse> onResponse,
                     Consumer<Throwable> onError) {
        byte[] body;
        try {
            body = frame(writer);
        } catch (IOException e) {
            onError.accept(e);
            return;
        }
        Request request = client.newRequest(uri).method(HttpMethod.POST).version(HttpVersion.HTTP_2)
                .timeout(config.getTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .headers(h -> {
                    h.put("te", "trailers");
                    if (config.getCompressor() != null) {
                        h.put("grpc-encoding", config.getCompressor().getEncoding());
                    }
                    Map<String, List<String>> extra = config.getHeadersSupplier() == null ? Map.of() : config.getHeadersSupplier().get();
                    extra.forEach((k, values) -> values.forEach(v -> h.add(k, v)));
                })
                .body(new BytesRequestContent("application/grpc", body));
        request.send(new BufferingResponseListener(4 * 1024 * 1024) {
            @Override
            public void onComplete(Result result) {
                if (result.isFailed()) {
                    onError.accept(result.getFailure());
                    return;
                }
                HttpFields trailers = result.getResponse().getTrailers();
                HttpFields headers = result.getResponse().getHeaders();
                String status = trailers != null && trailers.get("grpc-status") != null ? trailers.get("grpc-status") : headers.get("grpc-status");
                if (status == null) {
                    onError.accept(new IOException("no grpc-status in the answer (HTTP " + result.getResponse().getStatus()
                            + "); is the endpoint a gRPC collector port, such as 4317?"));
                    return;
                }
                String message = trailers != null && trailers.get("grpc-message") != null ? trailers.get("grpc-message") : headers.get("grpc-message");
                onResponse.accept(response(parse(status), message == null ? "" : message, unframe(getContent())));
            }
        });
    }

    /** The gRPC length-prefixed message: flag (1 = compressed), 4-byte big-endian length, bytes. */
    private byte[] frame(io.opentelemetry.sdk.common.export.MessageWriter writer) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream(Math.max(64, writer.getContentLength()));
        boolean compressed = config.getCompressor() != null;
        try (OutputStream out = compressed ? config.getCompressor().compress(message) : message) {
            writer.writeMessage(out);
        }
        byte[] m = message.toByteArray();
        ByteBuffer framed = ByteBuffer.allocate(5 + m.length);
        framed.put((byte) (compressed ? 1 : 0)).putInt(m.length).put(m);
        return framed.array();
    }

    private static byte[] unframe(byte[] content) {
        if (content.length < 5) {
            return new byte[0];
        }
        int length = ByteBuffer.wrap(content, 1, 4).getInt();
        byte[] m = new byte[Math.max(0, Math.min(length, content.length - 5))];
        System.arraycopy(content, 5, m, 0, m.length);
        return m;
    }

    private static GrpcStatusCode parse(String status) {
        try {
            return GrpcStatusCode.fromValue(Integer.parseInt(status.trim()));
        } catch (RuntimeException e) {
            return GrpcStatusCode.UNKNOWN;
        }
    }

    private static GrpcResponse response(GrpcStatusCode code, String description, byte[] message) {
        return new GrpcResponse() {
            @Override
            public GrpcStatusCode getStatusCode() {
                return code;
            }

            @Override
            public String getStatusDescription() {
                return description;
            }

            @Override
            public byte[] getResponseMessage() {
                return message;
            }
        };
    }

    @Override
    public CompletableResultCode shutdown() {
        try {
            client.stop();
        } catch (Exception e) {
            return CompletableResultCode.ofExceptionalFailure(e);
        }
        return CompletableResultCode.ofSuccess();
    }
}
