package dev.loadgen.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Words for a failed exchange, as the error tables show them: {@code HTTP 503: overloaded} (the
 * {@code error} or {@code message} field of a JSON body, else the body's first line), or the exception's
 * own message ({@code Connection refused}). Computed only for failures. The words come from the target,
 * so whoever shows them must escape them (DESIGN.md §9).
 */
final class ErrorText {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int READ_AT_MOST = 4096;

    private ErrorText() {}

    static String http(int status, byte[] body) {
        String message = message(body);
        return "HTTP " + status + (message.isEmpty() ? "" : ": " + message);
    }

    static String timeout(long timeoutMillis) {
        return String.format(Locale.ROOT, "no response within %.1fs", timeoutMillis / 1000.0);
    }

    /** The innermost cause that has a message, with its class name when the message alone is vague. */
    static String failure(Throwable error) {
        Throwable best = error;
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                best = t;
            }
        }
        String name = best.getClass().getSimpleName();
        return best.getMessage() == null || best.getMessage().isBlank() ? name : best.getMessage() + " (" + name + ")";
    }

    private static String message(byte[] body) {
        if (body.length == 0) {
            return "";
        }
        String text = new String(body, 0, Math.min(body.length, READ_AT_MOST), StandardCharsets.UTF_8).strip();
        if (text.startsWith("{") && body.length <= READ_AT_MOST) {
            try {
                JsonNode n = JSON.readTree(text);
                for (String field : new String[] {"error", "message", "detail", "title"}) {
                    if (n.path(field).isTextual()) {
                        return n.path(field).asText();
                    }
                }
            } catch (java.io.IOException e) {
                // not JSON after all: the text itself is the message
            }
        }
        int eol = text.indexOf('\n');
        return eol < 0 ? text : text.substring(0, eol).strip();
    }
}
