package dev.loadgen.demo.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadgen.demo.shared.ApiException;
import dev.loadgen.demo.shared.Dependency;
import dev.loadgen.demo.shared.Exchange;
import dev.loadgen.demo.shared.Json;
import dev.loadgen.demo.shared.Limits;
import dev.loadgen.demo.shared.Plumbing;
import dev.loadgen.demo.shared.Reply;
import dev.loadgen.demo.shared.Router;
import dev.loadgen.demo.shared.ServiceClient;
import dev.loadgen.demo.shared.ServiceMetrics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpFields;

/**
 * The chat routes. The token of a new socket is checked with auth before the upgrade, on the
 * request's virtual thread: when auth cannot be reached the upgrade is refused with a 503 JSON
 * answer (never a socket that opens and then dies), and an inactive or missing token is
 * accepted and then closed with 1008, as the contract asks.
 */
public final class ChatService {
    private final Plumbing plumbing;
    private final ChatConfig config;
    private final Dependency auth;
    private final Rooms rooms;
    private final AtomicLong messageSeq = new AtomicLong();

    public ChatService(Plumbing plumbing, ChatConfig config, Dependency auth) {
        this.plumbing = plumbing;
        this.config = config;
        this.auth = auth;
        this.rooms = new Rooms(config, plumbing.metrics());
    }

    public Router routes() {
        return new Router()
                .get("/chat/rooms", ex -> Reply.ok(rooms.list()))
                .get("/chat/rooms/{room}/messages", this::history)
                .get("/chat/ws", this::socket);
    }

    /** Sizes of the bounded stores, for the storage tests. */
    public Map<String, Integer> storeSizes() {
        return rooms.sizes();
    }

    ChatConfig config() {
        return config;
    }

    ServiceMetrics metrics() {
        return plumbing.metrics();
    }

    Rooms rooms() {
        return rooms;
    }

    ChatMessage newMessage(String room, String from, String text, Optional<String> clientId) {
        String id = "m" + Long.toString(messageSeq.incrementAndGet(), 36);
        return new ChatMessage(id, room, from, text, plumbing.clock().millis(), clientId);
    }

    private Reply history(Exchange ex) {
        int limit = Limits.intParam("limit", ex.query("limit"), 50, 1, 200);
        List<ChatMessage> msgs = rooms.history(ex.param("room"), limit)
                .orElseThrow(() -> ApiException.notFound("room not found"));
        return Reply.ok(msgs.stream().map(ChatMessage::toJson).toList());
    }

    private Reply socket(Exchange ex) throws Exception {
        if (!ex.wantsWebSocket()) {
            throw ApiException.badRequest("this route needs a WebSocket upgrade (Upgrade: websocket)");
        }
        Optional<String> token = ex.bearerToken().or(() -> ex.query("token").filter(t -> !t.isBlank()));
        Optional<String> userId = token.isEmpty() ? Optional.empty() : introspect(token.get());
        return ex.upgrade((req, resp, cb) -> new ChatSocket(this, userId))
                .orElseThrow(() -> ApiException.badRequest("not a valid WebSocket upgrade request"));
    }

    /** The user of an active token, asking auth; 503/502 when auth cannot answer. */
    private Optional<String> introspect(String token) throws InterruptedException {
        byte[] body = Json.bytes(Map.of("token", token));
        ServiceClient.Answer a = plumbing.client().call(auth, "POST", "/auth/introspect", "/auth/introspect",
                Optional.of(body), HttpFields.EMPTY);
        if (a.status() != 200) {
            throw new ApiException(502, "auth service answered " + a.status() + " to introspect");
        }
        JsonNode r = a.json(auth);
        if (r.path("active").asBoolean(false) && r.path("userId").isTextual()) {
            return Optional.of(r.path("userId").textValue());
        }
        return Optional.empty();
    }
}
