package dev.loadgen.demo.shared;

import java.util.Map;

/**
 * What a route answers: status, body bytes and their content type, extra headers. Bodies are
 * serialised before the reply leaves the handler, so a serialisation failure is still a 500
 * that the server can write.
 *
 * @param sent true when the handler already answered on the connection itself (a WebSocket
 *     upgrade), so the server must not write anything
 */
public record Reply(int status, byte[] body, String contentType, Map<String, String> headers, boolean sent) {
    public static final String JSON = "application/json";
    private static final byte[] EMPTY = new byte[0];

    public Reply {
        headers = Map.copyOf(headers);
    }

    public static Reply json(int status, Object value) {
        return new Reply(status, Json.bytes(value), JSON, Map.of(), false);
    }

    public static Reply ok(Object value) {
        return json(200, value);
    }

    public static Reply created(Object value) {
        return json(201, value);
    }

    public static Reply noContent() {
        return new Reply(204, EMPTY, JSON, Map.of(), false);
    }

    public static Reply bytes(int status, String contentType, byte[] body) {
        return new Reply(status, body, contentType, Map.of(), false);
    }

    public static Reply error(ApiException e) {
        return new Reply(e.status(), Json.bytes(Map.of("error", e.getMessage())), JSON, e.headers(), false);
    }

    /** The connection was upgraded to a WebSocket: Jetty wrote the 101 itself. */
    public static Reply switchedProtocols() {
        return new Reply(101, EMPTY, JSON, Map.of(), true);
    }
}
