package dev.loadgen.behavior;

import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.protocol.WireFault;
import dev.loadgen.protocol.WsListener;
import dev.loadgen.protocol.WsSession;
import dev.loadgen.protocol.WsTransport;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * WebSockets that always open and keep what is sent; {@code replies} answers a frame sent at once (before the
 * sender's next step, as a fast server would), and {@code dropsAfter} drops the connection after a frame.
 */
final class FakeSockets implements WsTransport {
    final List<String> sent = new CopyOnWriteArrayList<>();
    volatile java.util.function.Function<String, Optional<String>> replies = f -> Optional.empty();
    /** Frames after which the server drops the connection (no close frame: the listener hears 1006), as a crashing server does. */
    volatile java.util.function.Predicate<String> dropsAfter = f -> false;
    final List<URI> opened = new CopyOnWriteArrayList<>();
    volatile boolean open;

    @Override
    public Handshake connect(EndpointMeter handshake, URI uri, String[] headers, WsListener l, long intendedStartNanos, WireFault fault) {
        opened.add(uri);
        open = true;
        return new Handshake(Optional.of(new WsSession() {
            @Override
            public boolean send(String type, String text) {
                sent.add(text);
                if (dropsAfter.test(text)) {
                    drop();
                    return false;
                }
                replies.apply(text).ifPresent(l::onText);
                return open;
            }

            @Override
            public boolean isOpen() {
                return open;
            }

            @Override
            public void close() {
                open = false;
            }

            @Override
            public void drop() {
                open = false;
                l.onClose(1006, "dropped");
            }
        }), 101);
    }

    @Override
    public void close() {}
}
