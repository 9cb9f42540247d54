package dev.loadgen.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A target on loopback that answers every request 200 "ok" (or a body of a given size) and counts what it received,
 * for tests that a run's counts match it.
 */
final class CountingTarget implements AutoCloseable {
    private final HttpServer server;
    private final AtomicLong received = new AtomicLong();

    CountingTarget() throws IOException {
        this("ok".getBytes(StandardCharsets.UTF_8));
    }

    /** A target whose every answer is {@code bodyBytes} bytes of 'x', with its Content-Length. */
    CountingTarget(int bodyBytes) throws IOException {
        this("x".repeat(bodyBytes).getBytes(StandardCharsets.US_ASCII));
    }

    private CountingTarget(byte[] body) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> {
            received.incrementAndGet();
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    long received() {
        return received.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
