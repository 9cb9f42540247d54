package dev.loadgen.behavior;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.protocol.WireFault;
import dev.loadgen.protocol.WsListener;
import dev.loadgen.protocol.WsSession;
import dev.loadgen.protocol.WsTransport;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A socket that broke and opened again: what its earlier connection reports late does not touch the new one's state. */
class SocketReconnectTest {
    private static final String SCENARIO = """
            target: {chat: "http://127.0.0.1:9"}
            users: {account: none, actions: {join: 1}}
            sockets:
              chat:
                url: chat /ws
                keep: session
                track: {id: clientId, group: room, joined: {type: joined}, timeout: 10s}
            actions:
              join:
                - ws-send: chat
                  json: {type: join, room: r1}
                - ws-await: chat
                  match: {type: joined, room: r1}
                  timeout: 2s
            """;

    /** Sockets that answer a join at once and keep each connection's listener. */
    static final class Sockets implements WsTransport {
        final List<WsListener> listeners = new CopyOnWriteArrayList<>();
        final List<boolean[]> open = new CopyOnWriteArrayList<>();

        @Override
        public Handshake connect(EndpointMeter handshake, URI uri, String[] headers, WsListener l, long intendedStartNanos, WireFault fault) {
            listeners.add(l);
            boolean[] isOpen = {true};
            open.add(isOpen);
            return new Handshake(Optional.of(new WsSession() {
                @Override
                public boolean send(String type, String text) {
                    if (text.contains("\"join\"")) {
                        l.onText("{\"type\": \"joined\", \"room\": \"r1\"}");
                    }
                    return isOpen[0];
                }

                @Override
                public boolean isOpen() {
                    return isOpen[0];
                }

                @Override
                public void close() {
                    isOpen[0] = false;
                }

                @Override
                public void drop() {
                    isOpen[0] = false;
                    l.onClose(1006, "dropped");
                }
            }), 101);
        }

        @Override
        public void close() {}
    }

    @Test
    void a_socket_the_server_broke_is_a_reconnect_timed_from_the_break_and_one_the_user_closed_is_not() throws Exception {
        Sockets sockets = new Sockets();
        Harness h = Harness.of(SCENARIO, new FakeTarget(c -> null), Optional.of(sockets));
        UserState u = h.user(1);
        h.perform("join", u);
        assertThat(h.ws.reconnectAttempts()).isZero();
        // the server closes the socket (1001, going away); the user's next action comes 30 s later
        sockets.listeners.getLast().onClose(1001, "going away");
        sockets.open.getLast()[0] = false;
        h.clock.advance(Duration.ofSeconds(30));
        h.perform("join", u);
        assertThat(sockets.listeners).hasSize(2);
        assertThat(h.ws.reconnectAttempts()).isEqualTo(1);
        assertThat(h.ws.reconnects()).isEqualTo(1);
        org.HdrHistogram.Histogram times = h.ws.intervalReconnect();
        assertThat(times.getTotalCount()).isEqualTo(1);
        assertThat(times.getMaxValue() / 1_000_000.0).isCloseTo(30.0, org.assertj.core.data.Offset.offset(0.1));
        // a socket that broke silently (no close seen) is a reconnect too, timed from when the user found it broken
        sockets.open.getLast()[0] = false;
        h.clock.advance(Duration.ofSeconds(5));
        h.perform("join", u);
        assertThat(h.ws.reconnects()).isEqualTo(2);
        // the session ends and the user closes its socket: the next session's first open is no reconnect
        h.runtime.endSession(u, true);
        h.perform("join", u);
        assertThat(sockets.listeners).hasSize(4);
        assertThat(h.ws.reconnectAttempts()).isEqualTo(2);
    }

    @Test
    void a_late_close_or_frame_of_the_earlier_connection_is_ignored() throws Exception {
        Sockets sockets = new Sockets();
        Harness h = Harness.of(SCENARIO, new FakeTarget(c -> null), Optional.of(sockets));
        UserState u = h.user(1);
        h.perform("join", u);
        // the connection breaks: the user's next action opens a new one once the backoff is over
        sockets.open.getFirst()[0] = false;
        h.clock.advance(Duration.ofMinutes(1));
        h.perform("join", u);
        assertThat(sockets.listeners).hasSize(2);
        assertThat(u.sockets[0].groups).containsExactly("r1");
        // only now does the first connection report its end, and a frame it had in flight
        sockets.listeners.getFirst().onText("{\"type\": \"joined\", \"room\": \"r2\"}");
        sockets.listeners.getFirst().onClose(1006, "reset");
        assertThat(u.sockets[0].groups).containsExactly("r1");
        assertThat(u.sockets[0].droppedAtNanos).isZero();
        // the current connection's own close still counts
        sockets.listeners.getLast().onClose(1006, "reset");
        assertThat(u.sockets[0].groups).isEmpty();
        assertThat(u.sockets[0].droppedAtNanos).isNotZero();
    }
}
