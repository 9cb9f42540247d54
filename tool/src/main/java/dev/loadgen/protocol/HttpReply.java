package dev.loadgen.protocol;

import dev.loadgen.metrics.Outcome;
import java.nio.charset.StandardCharsets;

/** What came back: the status (0 if none), the body, how the exchange was classified, and the headers. */
public record HttpReply(int status, byte[] body, Outcome outcome, Headers headers) {
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
