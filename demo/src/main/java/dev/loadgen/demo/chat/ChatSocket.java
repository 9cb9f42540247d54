package dev.loadgen.demo.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadgen.demo.shared.ApiException;
import dev.loadgen.demo.shared.Json;
import dev.loadgen.demo.shared.Limits;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * One chat WebSocket: the frame protocol of DESIGN.md §5. A bad frame gets an {@code error}
 * frame and the socket stays open; a socket opened without an active token is closed with
 * 1008 (policy violation) right after the upgrade. Public only because Jetty binds the
 * listener methods through method handles, which need a public class.
 */
public final class ChatSocket implements Session.Listener.AutoDemanding {
    private static final Pattern ROOM = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final int CLIENT_ID_MAX = 128;

    private final ChatService chat;
    private final Optional<String> userId;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Member member;

    ChatSocket(ChatService chat, Optional<String> userId) {
        this.chat = chat;
        this.userId = userId;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        if (userId.isEmpty()) {
            closed.set(true);
            session.close(StatusCode.POLICY_VIOLATION, "invalid or missing token", Callback.NOOP);
            return;
        }
        member = new Member(userId.get(), session, chat.config().maxPendingFrames(), chat.metrics());
        chat.metrics().wsOpened();
    }

    @Override
    public void onWebSocketText(String text) {
        if (member == null) {
            return;
        }
        try {
            ObjectNode frame = Json.tryParseObject(text)
                    .orElseThrow(() -> ApiException.badRequest("frame: malformed JSON, a JSON object is required"));
            String type = Json.requiredString(frame, "type");
            chat.metrics().wsFrame("in", switch (type) {
                case "join", "leave", "typing", "message" -> type;
                default -> "unknown";
            });
            switch (type) {
                case "join" -> join(room(frame));
                case "leave" -> chat.rooms().leave(room(frame), member);
                case "typing" -> typing(joinedRoom(frame));
                case "message" -> message(frame);
                default -> throw ApiException.badRequest("type: unknown frame type (join, leave, typing, message)");
            }
        } catch (ApiException e) {
            member.send("error", Json.text(Json.object().put("type", "error").put("message", e.getMessage())));
        }
    }

    private void join(String room) {
        switch (chat.rooms().join(room, member)) {
            case Rooms.Joined.Ok ok -> member.send("joined",
                    Json.text(Json.object().put("type", "joined").put("room", room).put("members", ok.members())));
            case Rooms.Joined.Full full -> throw ApiException.badRequest("room: full (" + full.cap() + " members)");
        }
    }

    private void typing(String room) {
        String json = Json.text(Json.object().put("type", "typing").put("room", room).put("from", member.userId()));
        for (Member m : chat.rooms().members(room)) {
            if (m != member) {
                m.send("typing", json);
            }
        }
    }

    private void message(ObjectNode frame) {
        String room = joinedRoom(frame);
        String text = Limits.text("text", Json.requiredString(frame, "text"), 1, Limits.CHAT_TEXT_MAX);
        Optional<String> clientId = Json.optionalString(frame, "clientId");
        if (clientId.isPresent() && clientId.get().length() > CLIENT_ID_MAX) {
            throw ApiException.badRequest("clientId: at most " + CLIENT_ID_MAX + " characters");
        }
        ChatMessage msg = chat.newMessage(room, member.userId(), text, clientId);
        List<Member> to = chat.rooms().post(msg);
        String json = Json.text(msg.toJson());
        for (Member m : to) {
            m.send("message", json);
        }
    }

    private static String room(ObjectNode frame) {
        String room = Json.requiredString(frame, "room");
        if (!ROOM.matcher(room).matches()) {
            throw ApiException.badRequest("room: 1-64 characters of A-Z a-z 0-9 _ . -");
        }
        return room;
    }

    private String joinedRoom(ObjectNode frame) {
        String room = room(frame);
        if (!member.rooms().contains(room)) {
            throw ApiException.badRequest("room: join " + room + " first");
        }
        return room;
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        gone();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        gone();
    }

    private void gone() {
        if (member != null && closed.compareAndSet(false, true)) {
            chat.rooms().leaveAll(member);
            chat.metrics().wsClosed();
        }
    }
}
