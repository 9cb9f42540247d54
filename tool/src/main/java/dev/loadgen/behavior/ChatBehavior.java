package dev.loadgen.behavior;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadgen.protocol.WsListener;
import dev.loadgen.protocol.WsSession;
import dev.loadgen.protocol.WsTransport;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chat service: list rooms, read a room's history over HTTP, and talk over a WebSocket that stays
 * open for the session: join a room, send a typing frame then a message. The server echoes each message
 * to its sender with the sender's {@code clientId}; the time from send to echo is the echo delivery time.
 */
public final class ChatBehavior extends ServiceBehavior {
    static final Action ROOMS = new Action("chat", "rooms", 2);
    static final Action HISTORY = new Action("chat", "history", 2);
    static final Action TALK = new Action("chat", "talk", 6);
    private static final long LOST_AFTER_NANOS = 10_000_000_000L;

    private final Route rooms;
    private final Route history;
    private final Route socket;
    private final AtomicLong messageIds = new AtomicLong();

    ChatBehavior(Services services, AuthBehavior auth) {
        super(services, auth);
        rooms = services.route("chat", "chat.rooms", "GET", "/chat/rooms");
        history = services.route("chat", "chat.history", "GET", "/chat/rooms/{room}/messages");
        socket = services.route("chat", "chat.connect", "WS", "/chat/ws");
    }

    @Override
    public List<Action> actions() {
        return List.of(ROOMS, HISTORY, TALK);
    }

    @Override
    public void perform(Action action, UserSession s) throws InterruptedException {
        switch (action.verb()) {
            case "rooms" -> get(s, rooms, path(), false, OK);
            case "history" -> get(s, history, path(services.world().someRoom(s.rng())), false, OK_OR_GONE, "limit", "50");
            case "talk" -> talk(s);
            default -> throw new IllegalArgumentException(action.id());
        }
    }

    private void talk(UserSession s) throws InterruptedException {
        Optional<WsSession> ws = s.socket();
        if (ws.isEmpty()) {
            ws = connect(s);
            if (ws.isEmpty()) {
                return;
            }
        }
        if (s.rooms().isEmpty() || s.rng().nextInt(5) == 0) {
            String room = services.world().someRoom(s.rng());
            if (s.rooms().add(room)) {
                send(ws.get(), Map.of("type", "join", "room", room));
            }
        }
        List<String> joined = new ArrayList<>(s.rooms());
        String room = joined.get(s.rng().nextInt(joined.size()));
        int messages = 1 + s.rng().nextInt(3);
        for (int i = 0; i < messages; i++) {
            send(ws.get(), Map.of("type", "typing", "room", room));
            String clientId = s.number() + "-" + messageIds.incrementAndGet();
            s.pendingMessages().put(clientId, System.nanoTime());
            send(ws.get(), Map.of("type", "message", "room", room, "text", Texts.sentence(s.rng(), 1, 25), "clientId", clientId));
        }
    }

    private Optional<WsSession> connect(UserSession s) throws InterruptedException {
        Optional<WsTransport> transport = services.ws();
        if (transport.isEmpty() || !auth().ensureLoggedIn(s)) {
            return Optional.empty();
        }
        URI http = socket.uri(path());
        URI uri = URI.create(("https".equals(http.getScheme()) ? "wss" : "ws") + http.toString().substring(http.getScheme().length()));
        Optional<WsSession> ws = transport.get().connect(socket.meter(), uri, s.authHeaders(), new Listener(s), s.takeIntended());
        s.rooms().clear();
        ws.ifPresent(s::socket);
        return ws;
    }

    private void send(WsSession ws, Map<String, String> frame) {
        ws.send(frame.get("type"), new String(services.toJson(frame), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void endSession(UserSession s, boolean graceful) {
        Optional<WsSession> ws = s.socket();
        if (ws.isPresent()) {
            if (graceful) {
                s.rooms().forEach(r -> send(ws.get(), Map.of("type", "leave", "room", r)));
            }
            ws.get().close();
        }
        s.rooms().clear();
        long now = System.nanoTime();
        long lost = s.pendingMessages().values().stream().filter(t -> now - t > LOST_AFTER_NANOS).count();
        services.wsCounters().lost(lost);
        s.pendingMessages().clear();
    }

    /** Matches echoes to the messages this user sent. Runs on the socket's thread. */
    private final class Listener implements WsListener {
        private final UserSession s;

        Listener(UserSession s) {
            this.s = s;
        }

        @Override
        public String onText(String text) {
            JsonNode n;
            try {
                n = services.json.readTree(text);
            } catch (java.io.IOException e) {
                services.warnOnce("ws-frame", "chat: a WebSocket frame is not JSON: " + text.lines().findFirst().orElse(""));
                return "invalid";
            }
            String type = n.path("type").asText("unknown");
            if ("message".equals(type)) {
                String clientId = n.path("clientId").asText(null);
                Long sent = clientId == null ? null : s.pendingMessages().remove(clientId);
                if (sent != null) {
                    services.wsCounters().echoDelivered(System.nanoTime() - sent);
                }
            }
            return type;
        }
    }
}
