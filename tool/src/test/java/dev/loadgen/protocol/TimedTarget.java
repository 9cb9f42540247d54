package dev.loadgen.protocol;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A Jetty target on 127.0.0.1, plain or over TLS with a self-signed certificate made for the test by the JDK's keytool
 * (nothing committed), answering 200 "ok"; a path starting {@code /close} answers with {@code Connection: close}, so that
 * the next request needs a new connection. Counts the connections it accepted.
 */
public final class TimedTarget implements AutoCloseable {
    private static final String PASSWORD = SelfSigned.PASSWORD;

    private final Server server = new Server();
    private final ServerConnector connector;
    private final Path dir;
    private final AtomicLong accepted = new AtomicLong();
    private final boolean tls;

    private TimedTarget(boolean tls) throws Exception {
        this.tls = tls;
        dir = Files.createTempDirectory("loadgen-timed-target");
        if (tls) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(selfSigned(dir).toString());
            ssl.setKeyStorePassword(PASSWORD);
            ssl.setKeyStoreType("PKCS12");
            connector = new ServerConnector(server, ssl);
        } else {
            connector = new ServerConnector(server);
        }
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.addEventListener(new org.eclipse.jetty.io.Connection.Listener() {
            @Override
            public void onOpened(org.eclipse.jetty.io.Connection connection) {
                // over TLS both the TLS connection and the HTTP one within it open: count the socket once
                if (!tls || connection instanceof org.eclipse.jetty.io.ssl.SslConnection) {
                    accepted.incrementAndGet();
                }
            }
        });
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract(Handler.Abstract.InvocationType.BLOCKING) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if (Request.getPathInContext(request).startsWith("/close")) {
                    response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
                }
                response.setStatus(200);
                response.write(true, ByteBuffer.wrap("ok".getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        server.start();
    }

    /** A plain HTTP target. */
    public static TimedTarget http() throws Exception {
        return new TimedTarget(false);
    }

    /** An HTTPS target whose certificate no trust store knows: reach it with {@code tls: {insecure-skip-verify: true}}. */
    public static TimedTarget https() throws Exception {
        return new TimedTarget(true);
    }

    public URI base() {
        return URI.create((tls ? "https" : "http") + "://127.0.0.1:" + connector.getLocalPort());
    }

    /** TCP connections the target accepted so far (with TLS, those that got as far as the TLS layer: all of them). */
    public long accepted() {
        return accepted.get();
    }

    /** A key pair and self-signed certificate for 127.0.0.1 and localhost in a PKCS#12 file. */
    static Path selfSigned(Path dir) throws IOException, InterruptedException {
        return SelfSigned.store(dir.resolve("target.p12"), "localhost");
    }

    @Override
    public void close() throws Exception {
        server.stop();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }
}
