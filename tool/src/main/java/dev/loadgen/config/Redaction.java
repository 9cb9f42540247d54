package dev.loadgen.config;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of everything loadgen prints, logs or writes (DESIGN.md §9): the console and its
 * error lines, the results folder, the error tables that /metrics and the dashboard show. The value of any key named like a secret
 * (token, secret, password, authorization, cookie, API key, credential), and the same inside text: a
 * JSON pair in a request body, a query parameter, the password of a URL's user info.
 */
public final class Redaction {
    public static final String REDACTED = "(redacted)";
    private static final String SECRET_WORDS = "token|secret|passw(?:or)?d|authorization|cookie|api[-_]?key|credential";
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(" + SECRET_WORDS + ").*");
    private static final Pattern JSON_PAIR = Pattern.compile(
            "(?i)(\"[^\"]*(?:" + SECRET_WORDS + ")[^\"]*\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern QUERY_PAIR = Pattern.compile(
            "(?i)([?&][^=&#\\s]*(?:" + SECRET_WORDS + ")[^=&#\\s]*=)[^&#\\s]*");
    private static final Pattern USER_INFO = Pattern.compile("(?i)(\\b[a-z][a-z0-9+.-]*://[^/:@\\s]+:)[^/@\\s]+@");
    /** A header written as text ({@code Authorization: Bearer abc}), its value to the end of the line or list item. */
    private static final Pattern HEADER_LINE = Pattern.compile(
            "(?i)(\\b(?:proxy-)?(?:authorization|cookie|set-cookie|x-api-key|api-key|x-auth-token)\\s*+:\\s*+)(?!\"|\\(redacted\\))[^\\r\\n,;\"}]+");

    private Redaction() {}

    /** Whether a key's value is a secret; the CORS headers ({@code Access-Control-Allow-Credentials}) only name one. */
    public static boolean secretKey(String key) {
        return SECRET_KEY.matcher(key).matches() && !key.regionMatches(true, 0, "access-control-", 0, 15);
    }

    /** The text with every secret it visibly carries replaced. */
    public static String text(String s) {
        String out = JSON_PAIR.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "\"" + REDACTED + "\""));
        out = QUERY_PAIR.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + REDACTED));
        out = HEADER_LINE.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + REDACTED));
        return USER_INFO.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + REDACTED + "@"));
    }

    /**
     * A URL as {@link #text} gives it, and a user info without a password ({@code http://TOKEN@proxy.example.com}) redacted
     * whole: curl and loadgen send it as a user with an empty password, and a token is often written there.
     */
    public static String uri(URI u) {
        String info = u.getRawUserInfo();
        if (info != null && !info.contains(":")) {
            return text(u.toString().replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", "$1" + Matcher.quoteReplacement(REDACTED) + "@"));
        }
        return text(u.toString());
    }
}
