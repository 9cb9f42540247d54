package dev.loadgen.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;

/**
 * The abort fault: the request is written whole on a connection of its own, then the connection is closed
 * before a byte of the response is read, as a client that gave up (or crashed) right after sending would.
 * A connection of its own because the shared pool's keep-alive connections must not be broken, and because
 * closing it ourselves leaves no race with a fast response.
 */
final class AbortAfterSend {
    private AbortAfterSend() {}

    /**
     * Writes the request and closes; a connection that could not be opened or written ends the same way. It goes by
     * {@code route} as the client's requests do: to the address {@code target.hosts} gives the name, or through the proxy
     * (absolute form for http, a CONNECT tunnel for https, with the proxy's credentials).
     */
    static void send(HttpCall call, Route route, String[] traceHeaders, String userAgent, int connectTimeoutMillis) {
        URI uri = call.uri();
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        int port = Routes.port(uri);
        String authority = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        Optional<String> proxyAuthorization = route instanceof Route.Proxied p ? Routes.credentials(p.proxy()).map(c ->
                "Basic " + Base64.getEncoder().encodeToString((c.get(0) + ":" + c.get(1)).getBytes(StandardCharsets.UTF_8))) : Optional.empty();
        try (Socket raw = new Socket()) {
            raw.connect(route.connectAddress(uri), connectTimeoutMillis);
            if (tls && route instanceof Route.Proxied && !tunnel(raw, uri.getHost() + ":" + port, proxyAuthorization)) {
                return;
            }
            // over TLS the handshake names the host (SNI), whatever address the connection went to
            Socket socket = tls ? ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(raw, uri.getHost(), port, true) : raw;
            StringBuilder head = new StringBuilder(256);
            String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            if (uri.getRawQuery() != null) {
                target += "?" + uri.getRawQuery();
            }
            if (!tls && route instanceof Route.Proxied) {
                target = uri.getScheme() + "://" + authority + target;
                proxyAuthorization.ifPresent(a -> head.append("Proxy-Authorization: ").append(a).append("\r\n"));
            }
            head.insert(0, call.method() + " " + target + " HTTP/1.1\r\n");
            head.append("Host: ").append(authority).append("\r\n");
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

    /** Asks the proxy for a tunnel to {@code hostPort}: whether it answered 200. */
    private static boolean tunnel(Socket socket, String hostPort, Optional<String> proxyAuthorization) throws IOException {
        StringBuilder connect = new StringBuilder("CONNECT " + hostPort + " HTTP/1.1\r\nHost: " + hostPort + "\r\n");
        proxyAuthorization.ifPresent(a -> connect.append("Proxy-Authorization: ").append(a).append("\r\n"));
        socket.getOutputStream().write(connect.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        // the status line, then the headers up to the blank line, read a byte at a time so that nothing of the tunnel is taken
        InputStream in = socket.getInputStream();
        StringBuilder reply = new StringBuilder();
        while (!reply.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0 || reply.length() > 16_384) {
                return false;
            }
            reply.append((char) b);
        }
        String[] status = reply.toString().split(" ", 3);
        return status.length > 1 && status[1].equals("200");
    }
}
