package dev.loadgen.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * A chat service that speaks the demo's frame protocol but drops every {@code n}-th message it should
 * deliver (echo or peer): a known loss rate of 1/n for loadgen to find.
 */
final class LossyChat implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Server server = new Server();
    private final Map<String, Set<Member>> rooms = new ConcurrentHashMap<>();
    private final AtomicLong deliveries = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final int n;
    private final URI url;

    LossyChat(int dropEvery) throws Exception {
        n = dropEvery;
        ServerConnector c = new ServerConnector(server);
        c.setHost("127.0.0.1");
        server.addConnector(c);
        ServerWebSocketContainer ws = ServerWebSocketContainer.ensure(server);
        server.setHandler(new Handler.Abstract(Handler.Abstract.InvocationType.BLOCKING) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String path = Request.getPathInContext(request);
                if (path.equals("/chat/ws") && ws.upgrade((rq, rs, cb) -> new Member(), request, response, callback)) {
                    return true;
                }
                response.setStatus(path.startsWith("/chat/rooms") ? 200 : 404);
                response.getHeaders().put("Content-Type", "application/json");
                response.write(true, ByteBuffer.wrap("[]".getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        server.start();
        url = URI.create("http://127.0.0.1:" + c.getLocalPort());
    }

    URI url() {
        return url;
    }

    long deliveries() {
        return deliveries.get();
    }

    long dropped() {
        return dropped.get();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** Public: Jetty binds to the listener's methods through method handles. */
    public final class Member implements Session.Listener.AutoDemanding {
        private volatile Session session;

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
        }

        @Override
        public void onWebSocketText(String text) {
            try {
                JsonNode f = JSON.readTree(text);
                String room = f.path("room").asText();
                switch (f.path("type").asText()) {
                    case "join" -> {
                        Set<Member> m = rooms.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet());
                        m.add(this);
                        session.sendText("{\"type\":\"joined\",\"room\":\"" + room + "\",\"members\":" + m.size() + "}", null);
                    }
                    case "leave" -> rooms.getOrDefault(room, Set.of()).remove(this);
                    case "message" -> {
                        ObjectNode out = ((ObjectNode) f.deepCopy()).put("from", "x").put("id", "m").put("ts", 0);
                        String copy = JSON.writeValueAsString(out);
                        for (Member m : rooms.getOrDefault(room, Set.of())) {
                            if (deliveries.incrementAndGet() % n == 0) {
                                dropped.incrementAndGet();
                            } else if (m.session.isOpen()) {
                                m.session.sendText(copy, null);
                            }
                        }
                    }
                    default -> { }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void onWebSocketClose(int status, String reason) {
            rooms.values().forEach(m -> m.remove(this));
        }
    }
}
