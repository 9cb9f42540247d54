package dev.loadgen.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.Outcome;
import dev.loadgen.metrics.WsCounters;
import dev.loadgen.time.Clock;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.junit.jupiter.api.Test;

/**
 * With per-user connections (a user's few connections per host, as a browser has), many users still open
 * their WebSockets at once: an upgrade is a connection of its own, not one of a user's six.
 */
class JettyWsTransportTest {
    @Test
    void many_users_open_their_sockets_at_once_with_per_user_connections() throws Exception {
        Server server = new Server();
        ServerConnector c = new ServerConnector(server);
        c.setHost("127.0.0.1");
        server.addConnector(c);
        ServerWebSocketContainer ws = ServerWebSocketContainer.ensure(server);
        server.setHandler(new Handler.Abstract(Handler.Abstract.InvocationType.BLOCKING) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                Thread.sleep(200); // a slow upgrade: the handshakes overlap
                return ws.upgrade((rq, rs, cb) -> new Session.Listener.AutoDemanding() {}, request, response, callback);
            }
        });
        server.start();
        URI uri = URI.create("ws://127.0.0.1:" + c.getLocalPort() + "/ws");
        Metrics metrics = new Metrics();
        int users = 60;
        try (JettyHttpTransport http = new JettyHttpTransport(metrics, new HostPolicy(Set.of()),
                new JettyHttpTransport.Settings(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(60), users, "loadgen/test", true), Clock.SYSTEM);
             JettyWsTransport sockets = new JettyWsTransport(http, metrics, new WsCounters(), new HostPolicy(Set.of()), Duration.ofSeconds(5));
             var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            EndpointMeter handshake = metrics.endpoint("chat", "WS /ws", "GET");
            List<Future<WsTransport.Handshake>> opened = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                opened.add(threads.submit(() -> sockets.connect(handshake, uri, new String[0], text -> "frame", System.nanoTime(),
                        WireFault.NONE)));
            }
            for (Future<WsTransport.Handshake> f : opened) {
                WsTransport.Handshake h = f.get();
                assertThat(h.status()).isEqualTo(101);
                h.session().orElseThrow().close();
            }
            assertThat(handshake.outcome(Outcome.OK)).isEqualTo(users);
        } finally {
            server.stop();
        }
    }
}
