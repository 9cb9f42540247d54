package dev.loadgen.chaos;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the client-side error faults do to a request's body or token. Each result is wrong in a way any
 * correct server must notice, so that its reaction (400, 413, 401) can be judged.
 */
public final class Corruptions {
    private static final Pattern EXP = Pattern.compile("\"exp\"\\s*:\\s*\\d+");
    private static final Pattern IAT = Pattern.compile("\"iat\"\\s*:\\s*(\\d+)");
    private static final Base64.Decoder B64_DECODE = Base64.getUrlDecoder();
    private static final Base64.Encoder B64_ENCODE = Base64.getUrlEncoder().withoutPadding();

    private Corruptions() {}

    /**
     * The body without its last byte: a JSON object or array cut before its closing bracket is never valid,
     * whatever came before. A body that is not an object or array gets an opening brace first, for the same
     * reason.
     */
    public static byte[] malformedJson(byte[] body) {
        byte[] b = body.length > 0 && (body[0] == '{' || body[0] == '[') ? body : concat("{".getBytes(StandardCharsets.UTF_8), body);
        return b.length <= 1 ? "{\"".getBytes(StandardCharsets.UTF_8) : Arrays.copyOf(b, b.length - 1);
    }

    /**
     * The same JSON object grown to {@code size} bytes by a {@code "chaos-padding"} string member: valid JSON,
     * too large for any sensible limit. A body that is not an object is replaced by the padding object.
     */
    public static byte[] oversized(byte[] body, int size) {
        String json = new String(body, StandardCharsets.UTF_8).strip();
        boolean object = json.startsWith("{") && json.endsWith("}");
        String inner = object ? json.substring(1, json.length() - 1).strip() : "";
        String prefix = "{\"chaos-padding\":\"";
        String suffix = "\"" + (inner.isEmpty() ? "" : "," + inner) + "}";
        int pad = Math.max(0, size - prefix.length() - suffix.getBytes(StandardCharsets.UTF_8).length);
        return (prefix + "x".repeat(pad) + suffix).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A token whose signature no longer matches: for a JWT, every character of the signature part moved
     * to another base64url character; for an opaque token, its last characters changed the same way.
     */
    public static String forged(String token) {
        int dot = token.lastIndexOf('.');
        int from = dot >= 0 && token.indexOf('.') != dot ? dot + 1 : Math.max(0, token.length() - 8);
        StringBuilder b = new StringBuilder(token);
        for (int i = from; i < b.length(); i++) {
            b.setCharAt(i, rotate(b.charAt(i)));
        }
        return b.toString();
    }

    /**
     * A JWT whose payload says it expired an hour before it was issued ({@code iat}; with no {@code iat},
     * at the epoch), keeping the header and the original signature (which no longer matches): a server
     * rejects it whether it checks the expiry, the signature, or both. Derived from the token alone, so the
     * same token always gives the same expired one. A token that is not a JWT with an {@code exp} claim is
     * {@link #forged}.
     */
    public static String expired(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return forged(token);
        }
        String payload;
        try {
            payload = new String(B64_DECODE.decode(parts[1]), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return forged(token);
        }
        Matcher m = EXP.matcher(payload);
        if (!m.find()) {
            return forged(token);
        }
        Matcher iat = IAT.matcher(payload);
        long expiredAt = iat.find() ? Math.max(1, Long.parseLong(iat.group(1)) - 3600) : 1;
        String stale = m.replaceFirst("\"exp\":" + expiredAt);
        return parts[0] + "." + B64_ENCODE.encodeToString(stale.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    private static char rotate(char c) {
        if (c >= 'a' && c <= 'z') {
            return (char) ('a' + (c - 'a' + 13) % 26);
        }
        if (c >= 'A' && c <= 'Z') {
            return (char) ('A' + (c - 'A' + 13) % 26);
        }
        if (c >= '0' && c <= '9') {
            return (char) ('0' + (c - '0' + 5) % 10);
        }
        return c == '-' ? '_' : c == '_' ? '-' : 'A';
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
