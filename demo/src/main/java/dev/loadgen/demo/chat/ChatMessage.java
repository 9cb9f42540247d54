package dev.loadgen.demo.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadgen.demo.shared.Json;
import java.util.Optional;

/**
 * A chat message, stored in its room's history and sent as the {@code message} frame. The same
 * JSON serves both, so the history shows exactly what members received.
 *
 * @param ts epoch milliseconds
 */
record ChatMessage(String id, String room, String from, String text, long ts, Optional<String> clientId) {
    ObjectNode toJson() {
        ObjectNode o = Json.object().put("type", "message").put("room", room).put("from", from).put("text", text)
                .put("id", id);
        clientId.ifPresent(c -> o.put("clientId", c));
        return o.put("ts", ts);
    }
}
