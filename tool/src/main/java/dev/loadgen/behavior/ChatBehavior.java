package dev.loadgen.behavior;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadgen.protocol.HttpReply;
import dev.loadgen.protocol.WsListener;
import dev.loadgen.protocol.WsSession;
import dev.loadgen.protocol.WsTransport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chat service: list rooms, read a room's history over HTTP, and talk over a WebSocket held open for
 * the session: join rooms (popular ones more often), then type (a {@code typing} frame, then the time the
 * persona takes to type the text) and send messages. Every message is followed by the {@link ChatLedger}
 * until each member present has it. A socket that drops is reopened with exponential backoff.
 */
public final class ChatBehavior extends ServiceBehavior {
    static final Action ROOMS = new Action("chat", "rooms", 2);
    static final Action HISTORY = new Action("chat", "history", 2);
    static final Action TALK = new Action("chat", "talk", 6);

    private final Route rooms;
    private final Route history;
    private final Route socket;
    private final AtomicLong messageIds = new AtomicLong();

    ChatBehavior(Services services) {
        super(services);
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
            case "history" -> {
                HttpReply r = get(s, history, path(services.world().someRoom(s.rng())), false, OK_OR_GONE, "limit", "50");
                if (r.status() == 200) {
                    services.parse(history, r.body()).filter(JsonNode::isArray).ifPresent(msgs -> {
                        int words = 0;
                        int n = 0;
                        for (int i = msgs.size() - 1; i >= 0 && n < 10; i--, n++) {
                            words += Pacer.words(msgs.get(i).path("text").asText(""));
                        }
                        s.pacer().read(words);
                    });
                }
            }
            case "talk" -> talk(s);
            default -> throw new IllegalArgumentException(action.id());
        }
    }

    private void talk(UserSession s) throws InterruptedException {
        Optional<WsSession> ws = s.socket();
        if (ws.isEmpty()) {
            long now = System.nanoTime();
            if (!s.mayConnect(now)) {
                return;
            }
            ws = connect(s);
            if (ws.isEmpty()) {
                s.connectFailed(System.nanoTime());
                return;
            }
            s.connected();
        }
        if (s.rooms().isEmpty() || s.rng().nextInt(8) == 0) {
            String room = services.world().someRoom(s.rng());
            if (!s.rooms().contains(room)) {
                // a room counts as joined when the server says so; talking there starts with the next action
                frame(ws.get(), Map.of("type", "join", "room", room));
                return;
            }
        }
        List<String> joined = new ArrayList<>(s.rooms());
        if (joined.isEmpty()) {
            return;
        }
        String room = joined.get(s.rng().nextInt(joined.size()));
        int messages = 1 + s.rng().nextInt(3);
        for (int i = 0; i < messages; i++) {
            String text = Texts.sentence(s.rng(), 1, 25);
            frame(ws.get(), Map.of("type", "typing", "room", room));
            if (!s.compose(text.length()) || !ws.get().isOpen()) {
                return;
            }
            String clientId = s.number() + "-" + messageIds.incrementAndGet();
            services.ledger().sent(clientId, room, s.number(), System.nanoTime());
            frame(ws.get(), Map.of("type", "message", "room", room, "text", text, "clientId", clientId));
        }
    }

    private Optional<WsSession> connect(UserSession s) throws InterruptedException {
        Optional<WsTransport> transport = services.ws();
        if (transport.isEmpty() || !auth().ensureLoggedIn(s)) {
            return Optional.empty();
        }
        URI http = socket.uri(path());
        URI uri = URI.create(("https".equals(http.getScheme()) ? "wss" : "ws") + http.toString().substring(http.getScheme().length()));
        s.rooms().clear();
        Optional<WsSession> ws = transport.get().connect(socket.meter(), uri, s.authHeaders(), new Listener(s), s.takeIntended());
        ws.ifPresent(s::socket);
        return ws;
    }

    private void frame(WsSession ws, Map<String, String> frame) {
        ws.send(frame.get("type"), new String(services.toJson(frame), StandardCharsets.UTF_8));
    }

    @Override
    public void endSession(UserSession s, boolean graceful) {
        Optional<WsSession> ws = s.socket();
        if (ws.isPresent()) {
            if (graceful) {
                for (String r : List.copyOf(s.rooms())) {
                    services.ledger().left(r, s.number());
                    frame(ws.get(), Map.of("type", "leave", "room", r));
                }
            }
            ws.get().close();
        }
        services.ledger().gone(s.number());
        s.rooms().clear();
        s.socket(null);
    }

    /** The user's side of the socket: rooms joined, messages received. Runs on the socket's thread. */
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
            switch (type) {
                case "joined" -> {
                    String room = n.path("room").asText();
                    s.rooms().add(room);
                    services.ledger().joined(room, s.number());
                }
                case "message" -> {
                    String clientId = n.path("clientId").asText(null);
                    if (clientId != null) {
                        services.ledger().received(clientId, s.number(), System.nanoTime());
                    }
                }
                case "error" -> services.warnOnce("ws-error", "chat: the server answered a frame with an error: "
                        + n.path("message").asText() + " (further ones not shown)");
                default -> {
                    // typing and other frames need no answer
                }
            }
            return type;
        }

        @Override
        public void onClose(int code, String reason) {
            services.ledger().gone(s.number());
            s.rooms().clear();
            if (code != 1000) {
                s.connectFailed(System.nanoTime());
            }
        }
    }
}
