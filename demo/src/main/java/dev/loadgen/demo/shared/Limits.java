package dev.loadgen.demo.shared;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The input limits of the contract (DESIGN.md §5). Each check returns the value it accepted or
 * throws a 400 whose message names the field and the rule, so a client can fix its request
 * from the message alone.
 */
public final class Limits {
    /** Request bodies beyond this are refused with 413 while they are read. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    public static final int POST_BODY_MAX = 5_000;
    public static final int COMMENT_MAX = 1_000;
    public static final int CHAT_TEXT_MAX = 2_000;
    public static final int BIO_MAX = 500;
    public static final int DISPLAY_NAME_MAX = 100;

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{3,32}");
    /** Plausible, not RFC 5322: one @, something on both sides, a dot in the domain, no spaces. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
    private static final int EMAIL_MAX = 254;

    private Limits() {}

    public static String username(String value) {
        if (!USERNAME.matcher(value).matches()) {
            throw ApiException.badRequest("username: 3-32 characters of A-Z a-z 0-9 _ . -");
        }
        return value;
    }

    public static String password(String value) {
        int n = value.codePointCount(0, value.length());
        if (n < 8 || n > 128) {
            throw ApiException.badRequest("password: 8-128 characters");
        }
        return value;
    }

    public static String email(String value) {
        if (value.length() > EMAIL_MAX || !EMAIL.matcher(value).matches()) {
            throw ApiException.badRequest("email: a plausible address like name@example.com is required");
        }
        return value;
    }

    /** Text of {@code min..max} characters (code points); a required text must not be blank either. */
    public static String text(String field, String value, int min, int max) {
        int n = value.codePointCount(0, value.length());
        if (n < min || n > max || (min > 0 && value.isBlank())) {
            String rule = min > 0 ? min + "-" + max + " characters, not blank" : "at most " + max + " characters";
            throw ApiException.badRequest(field + ": " + rule);
        }
        return value;
    }

    /** An optional integer query parameter within {@code [min, max]}. */
    public static int intParam(String name, Optional<String> raw, int fallback, int min, int max) {
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(raw.get().trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // falls through to the one message below
        }
        throw ApiException.badRequest(name + ": an integer from " + min + " to " + max);
    }
}
