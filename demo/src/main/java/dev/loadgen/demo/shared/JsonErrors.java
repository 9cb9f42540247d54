package dev.loadgen.demo.shared;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The errors Jetty answers itself, before a route runs (a path with {@code ..} or an encoded {@code /}, an
 * invalid escape, a header too large), in the demo's documented shape {@code {"error": "..."}} rather than
 * Jetty's HTML page: a client of the API parses one shape whatever went wrong.
 */
final class JsonErrors extends ErrorHandler {
    private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback)
            throws IOException {
        response.getHeaders().put(JSON);
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    /** A request so malformed that Jetty answers it from the connection, with no request to hand to a handler. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(JSON);
        return ByteBuffer.wrap(body(status, reason));
    }

    static byte[] body(int code, String message) {
        String text = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
        return Json.bytes(Map.of("error", text.toLowerCase(java.util.Locale.ROOT)));
    }
}
