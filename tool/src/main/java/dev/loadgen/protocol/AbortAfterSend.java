package dev.loadgen.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocketFactory;

/**
 * The abort fault: the request is written whole on a connection of its own, then the connection is closed
 * before a byte of the response is read, as a client that gave up (or crashed) right after sending would.
 * A connection of its own because the shared pool's keep-alive connections must not be broken, and because
 * closing it ourselves leaves no race with a fast response.
 */
final class AbortAfterSend {
    private AbortAfterSend() {}

    /** Writes the request and closes; a connection that could not be opened or written ends the same way. */
    static void send(HttpCall call, String[] traceHeaders, String userAgent, int connectTimeoutMillis) {
        URI uri = call.uri();
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        try (Socket socket = tls ? SSLSocketFactory.getDefault().createSocket() : new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), port), connectTimeoutMillis);
            StringBuilder head = new StringBuilder(256);
            String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            if (uri.getRawQuery() != null) {
                target += "?" + uri.getRawQuery();
            }
            head.append(call.method()).append(' ').append(target).append(" HTTP/1.1\r\n");
            head.append("Host: ").append(uri.getHost()).append(uri.getPort() > 0 ? ":" + uri.getPort() : "").append("\r\n");
            head.append("User-Agent: ").append(userAgent).append("\r\n");
            for (String[] h : new String[][] {call.headers(), traceHeaders}) {
                for (int i = 0; i + 1 < h.length; i += 2) {
                    head.append(h[i]).append(": ").append(h[i + 1]).append("\r\n");
                }
            }
            if (call.body().length > 0 || !call.method().equals("GET")) {
                head.append("Content-Type: application/json\r\n");
                head.append("Content-Length: ").append(call.body().length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(call.body());
            out.flush();
        } catch (IOException e) {
            // the client gave up on the request either way, which is the fault
        }
    }
}
