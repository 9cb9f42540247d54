package dev.loadgen.demo.posts;

import dev.loadgen.demo.shared.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Page cursors: the position (a post sequence number) after which the next page starts,
 * wrapped in base64url so that clients pass it back untouched instead of doing arithmetic on
 * it. Newest first, so "after" means "older than".
 */
final class Cursor {
    private static final String PREFIX = "p1:";

    private Cursor() {}

    static String encode(long seq) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + seq).getBytes(StandardCharsets.US_ASCII));
    }

    /** The sequence number to start below; {@link Long#MAX_VALUE} for the first page. */
    static long decode(Optional<String> cursor) {
        if (cursor.isEmpty()) {
            return Long.MAX_VALUE;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor.get()), StandardCharsets.US_ASCII);
            if (raw.startsWith(PREFIX)) {
                long seq = Long.parseLong(raw.substring(PREFIX.length()));
                if (seq >= 0) {
                    return seq;
                }
            }
        } catch (IllegalArgumentException e) {
            // not base64 or not a number: the one message below says so
        }
        throw ApiException.badRequest("cursor: not a cursor this service gave out");
    }
}
