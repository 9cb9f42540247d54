package dev.loadgen.protocol;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A URL's user info ({@code http://ann:secret@host/}) sent as HTTP Basic authentication, as curl and k6 send it;
 * an {@code Authorization} header the request sets itself wins. The URL is never printed with its password
 * (config.Redaction).
 */
final class UserInfo {
    private UserInfo() {}

    /** The {@code Authorization} value for the URL's user info, or null when it has none. */
    static String basic(URI uri) {
        String info = uri.getUserInfo();
        if (info == null || info.isEmpty()) {
            return null;
        }
        return "Basic " + Base64.getEncoder().encodeToString(info.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the header list (name, value, name, value...) already sets {@code Authorization}. */
    static boolean setsAuthorization(String[] headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase("Authorization")) {
                return true;
            }
        }
        return false;
    }
}
