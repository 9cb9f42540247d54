package dev.loadgen.protocol;

import dev.loadgen.metrics.Outcome;
import java.nio.charset.StandardCharsets;

/**
 * What came back: the status (0 if none), the body as far as it was kept, how the exchange was classified, the
 * headers, and how many bytes of body were received. The body is kept only when the call's {@link Judge} reads
 * it (up to {@code target.max-response-body}), and its first few KB when the status was not expected (for the
 * error text); otherwise it is empty, though {@code bodyBytes} counts what came.
 */
public record HttpReply(int status, byte[] body, Outcome outcome, Headers headers, long bodyBytes) {
    public HttpReply(int status, byte[] body, Outcome outcome, Headers headers) {
        this(status, body, outcome, headers, body.length);
    }

    public HttpReply(int status, byte[] body, Outcome outcome) {
        this(status, body, outcome, Headers.NONE);
    }

    public boolean ok() {
        return outcome == Outcome.OK;
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
