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

    /**
     * What happened, in the words a person uses ({@code connection refused}, {@code connection reset},
     * {@code timeout while connecting}, {@code too many open files}, {@code TLS handshake failed: ...}), the same
     * text for every connection it happens on; otherwise the innermost cause's message, with the class name when
     * the message alone is vague, and never a library's object dump.
     */
    static String failure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String known = known(t);
            if (known != null) {
                return known;
            }
        }
        Throwable best = error;
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (!dumpless(t.getMessage()).isEmpty()) {
                best = t;
            }
        }
        String name = best.getClass().getSimpleName();
        String message = dumpless(best.getMessage());
        return message.isEmpty() ? name : message + " (" + name + ")";
    }

    /** The plain words for a failure that has them, or null. */
    private static String known(Throwable t) {
        String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
        if (t instanceof NoHttp2Exception) {
            return t.getMessage();
        }
        if (m.contains("too many open files")) {
            return "too many open files (loadgen's open-file limit: raise ulimit -n, or run fewer users per instance)";
        }
        if (t instanceof javax.net.ssl.SSLHandshakeException) {
            String why = dumpless(t.getMessage());
            return "TLS handshake failed" + (why.isEmpty() ? "" : ": " + why);
        }
        if (t instanceof java.net.ConnectException) {
            return m.contains("timed out") || m.contains("timeout") ? "timeout while connecting" : "connection refused";
        }
        if (t instanceof java.net.SocketTimeoutException && m.contains("connect")) {
            return "timeout while connecting";
        }
        if (t instanceof java.net.UnknownHostException || t instanceof java.nio.channels.UnresolvedAddressException) {
            return "unknown host";
        }
        if (t instanceof java.net.NoRouteToHostException) {
            return "no route to host";
        }
        if (m.contains("connection reset")) {
            return "connection reset";
        }
        if (m.contains("broken pipe")) {
            return "connection closed while sending (broken pipe)";
        }
        if (t instanceof java.io.EOFException || t instanceof java.nio.channels.ClosedChannelException
                || t instanceof java.nio.channels.AsynchronousCloseException) {
            return "connection closed by the target before the response ended";
        }
        return null;
    }

    /** A message without the object dumps some libraries put in theirs ({@code HttpConnectionOverHTTP@59fa20c5::...}). */
    static String dumpless(String message) {
        if (message == null) {
            return "";
        }
        return OBJECT_DUMP.matcher(message).replaceAll("").replaceAll("\\s{2,}", " ").strip();
    }

    /** {@code Name@hex} and what a dump appends to it ({@code ::SocketChannelEndPoint@1f{l=...,r=...}<-...}), to the next space. */
    private static final java.util.regex.Pattern OBJECT_DUMP = java.util.regex.Pattern.compile("[\\w.$]+@[0-9a-f]{4,}\\S*");

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
