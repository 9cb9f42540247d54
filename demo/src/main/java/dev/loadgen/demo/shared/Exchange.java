package dev.loadgen.demo.shared;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.eclipse.jetty.websocket.server.WebSocketCreator;

/**
 * One request as a route sees it: path parameters, query, bounded body, bearer token. Routes
 * run on a virtual thread, so reading the body here simply blocks.
 */
public final class Exchange {
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final Map<String, String> params;
    private final Optional<AccessTokens> tokens;
    private Fields query;

    Exchange(Request request, Response response, Callback callback, Map<String, String> params,
            Optional<AccessTokens> tokens) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.params = params;
        this.tokens = tokens;
    }

    /** A path parameter of the route template; the router guarantees it is there and not empty. */
    public String param(String name) {
        String v = params.get(name);
        if (v == null) {
            throw new IllegalArgumentException("route has no parameter " + name);
        }
        return v;
    }

    public Optional<String> query(String name) {
        if (query == null) {
            query = Request.extractQueryParameters(request);
        }
        return Optional.ofNullable(query.getValue(name));
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(request.getHeaders().get(name));
    }

    /** The token of an {@code Authorization: Bearer ...} header. */
    public Optional<String> bearerToken() {
        String h = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (h == null || h.length() < 8 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = h.substring(7).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    /** The caller, from a valid bearer token; 401 when it is missing, forged or expired. */
    public Principal principal() {
        String token = bearerToken().orElseThrow(() -> ApiException.unauthorized("a bearer token is required"));
        AccessTokens t = tokens.orElseThrow(() -> new IllegalStateException("this service verifies no tokens"));
        return t.verify(token).orElseThrow(() -> ApiException.unauthorized("invalid or expired token"));
    }

    /** The body as one JSON object: 413 past {@link Limits#MAX_BODY_BYTES}, 400 when it is not JSON. */
    public ObjectNode jsonBody() throws IOException {
        return Json.parseObject(body(), "body");
    }

    /**
     * Reads the body, refusing it as soon as it passes the limit: a declared Content-Length too
     * big is refused before reading, a chunked body once the limit is crossed, so no more than
     * the limit is ever buffered.
     */
    public byte[] body() throws IOException {
        long declared = request.getLength();
        if (declared > Limits.MAX_BODY_BYTES) {
            // read and dropped, not buffered, when it is not far over: a server that closes while the client still
            // sends makes the client's socket reset, and the client never reads its 413 (PlumbingTest saw it)
            if (declared <= DRAINED_BYTES) {
                try (InputStream in = Content.Source.asInputStream(request)) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
            }
            throw tooLarge();
        }
        byte[] buf = new byte[declared >= 0 ? (int) declared : 1024];
        int n = 0;
        try (InputStream in = Content.Source.asInputStream(request)) {
            while (true) {
                if (n == buf.length) {
                    if (n > Limits.MAX_BODY_BYTES) {
                        throw tooLarge();
                    }
                    buf = Arrays.copyOf(buf, Math.min(Math.max(buf.length * 2, 1024), Limits.MAX_BODY_BYTES + 1));
                }
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        }
        if (n > Limits.MAX_BODY_BYTES) {
            throw tooLarge();
        }
        return n == buf.length ? buf : Arrays.copyOf(buf, n);
    }

    /** Up to this declared length, a body too large is read to its end (and dropped) before the 413 is sent. */
    private static final long DRAINED_BYTES = 4L * Limits.MAX_BODY_BYTES;

    private static ApiException tooLarge() {
        return new ApiException(413, "body: larger than " + Limits.MAX_BODY_BYTES + " bytes");
    }

    /** True when the request asks for a WebSocket upgrade. */
    public boolean wantsWebSocket() {
        String upgrade = request.getHeaders().get(HttpHeader.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    /**
     * Upgrades the connection to a WebSocket served by what {@code creator} makes. Jetty then
     * answers 101 itself and owns the connection, hence the {@link Reply#switchedProtocols()}.
     */
    public Optional<Reply> upgrade(WebSocketCreator creator) throws Exception {
        ServerWebSocketContainer container = ServerWebSocketContainer.get(request.getContext());
        if (container == null) {
            throw new IllegalStateException("no WebSocket container on this server");
        }
        return container.upgrade(creator, request, response, callback)
                ? Optional.of(Reply.switchedProtocols()) : Optional.empty();
    }
}
