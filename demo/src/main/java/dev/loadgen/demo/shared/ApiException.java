package dev.loadgen.demo.shared;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An error answer: its status and the message that goes into {@code {"error": "..."}}. Handlers
 * throw it anywhere below the route; {@link RequestHandler} turns it into the response. It keeps
 * no stack trace: it is control flow, thrown on hot paths (401s under load), not a bug report.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final Map<String, String> headers;

    public ApiException(int status, String message) {
        this(status, message, Map.of());
    }

    public ApiException(int status, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, message, Map.of("WWW-Authenticate", "Bearer"));
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, message);
    }

    public static ApiException methodNotAllowed(Set<String> allowed) {
        String allow = String.join(", ", new TreeSet<>(allowed));
        return new ApiException(405, "method not allowed; allowed: " + allow, Map.of("Allow", allow));
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
