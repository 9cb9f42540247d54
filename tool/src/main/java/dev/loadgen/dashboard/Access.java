package dev.loadgen.dashboard;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may do what (DESIGN.md §9). Reading (the page, the stream, the status) is open to whoever reaches
 * the server. Control changes the load, so a control request must:
 * <ul>
 *   <li>be a POST with a JSON body: a cross-site form or a "simple" fetch cannot send that without a CORS
 *       preflight, which this server never grants;</li>
 *   <li>come from this page's own origin when the browser says where it comes from;</li>
 *   <li>carry {@code Authorization: Bearer <token>} when a token is configured (compared in constant time);
 *       without one, come from a loopback address.</li>
 * </ul>
 * When bound to loopback, requests must also name a loopback host, which defeats DNS rebinding (a
 * hostile page whose name resolves to 127.0.0.1 would send its own name as Host).
 */
final class Access {
    private final Optional<byte[]> token;
    private final boolean loopbackOnly;

    Access(Optional<String> token, boolean loopbackBind) {
        this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8));
        this.loopbackOnly = loopbackBind;
    }

    boolean tokenRequired() {
        return token.isPresent();
    }

    /** A refusal: the HTTP status and one line that says why. */
    record Refusal(int status, String reason) {}

    /** Any request: when bound to loopback, the Host header must name loopback too. */
    Optional<Refusal> host(String hostHeader) {
        if (!loopbackOnly) {
            return Optional.empty();
        }
        String host = hostHeader == null ? "" : hostHeader.toLowerCase(Locale.ROOT);
        host = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1) : host.replaceFirst(":\\d+$", "");
        boolean ok = host.equals("localhost") || host.equals("[::1]") || host.matches("127(\\.\\d{1,3}){3}");
        return ok ? Optional.empty() : Optional.of(new Refusal(403, "this dashboard answers only to a loopback host name, not '" + hostHeader + "'"));
    }

    /** A control request, given its method, headers and the client's address. */
    Optional<Refusal> control(String method, String contentType, String origin, String hostHeader, String authorization,
                              SocketAddress remote) {
        if (!"POST".equals(method)) {
            return Optional.of(new Refusal(405, "control requests are POST with a JSON body"));
        }
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return Optional.of(new Refusal(415, "send the request body as JSON, with Content-Type: application/json"));
        }
        if (origin != null && !origin.equals("http://" + hostHeader)) {
            return Optional.of(new Refusal(403, "control requests from another site's page (" + origin + ") are refused"));
        }
        if (token.isPresent()) {
            String prefix = "Bearer ";
            byte[] given = authorization != null && authorization.regionMatches(true, 0, prefix, 0, prefix.length())
                    ? authorization.substring(prefix.length()).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
            return MessageDigest.isEqual(given, token.get()) ? Optional.empty()
                    : Optional.of(new Refusal(401, "this dashboard needs its token: send Authorization: Bearer <dashboard.token>"));
        }
        return loopback(remote) ? Optional.empty()
                : Optional.of(new Refusal(403, "control without a token is for loopback clients only; configure dashboard.token"));
    }

    private static boolean loopback(SocketAddress remote) {
        if (remote instanceof InetSocketAddress a) {
            InetAddress ip = a.getAddress();
            return ip != null && ip.isLoopbackAddress();
        }
        return false;
    }
}
