package dev.loadgen.demo;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns flag text into values, with one-line messages that name the flag and show a good value.
 * The command parses here rather than through picocli converters so that a bad value is one
 * clear line and exit code 2, not a usage dump.
 */
final class FlagValues {
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private FlagValues() {}

    /** {@code 15m}, {@code 90s}, {@code 500ms}, {@code 1h}, {@code 7d}, or ISO-8601 ({@code PT15M}). */
    static Duration duration(String flag, String raw) {
        String v = raw.trim();
        Matcher m = SHORT_DURATION.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(flag + ": '" + raw + "' is not a duration; use e.g. 15m, 90s, 500ms or 1h");
        }
    }

    static int integer(String flag, String raw, int min, int max) {
        try {
            int v = Integer.parseInt(raw.trim().replace("_", ""));
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // the message below covers both cases
        }
        throw new IllegalArgumentException(flag + ": '" + raw + "' is not a whole number from " + min + " to " + max);
    }

    static URI url(String flag, String raw) {
        try {
            URI u = URI.create(raw.trim().replaceAll("/+$", ""));
            if ("http".equals(u.getScheme()) && u.getHost() != null && u.getPort() > 0
                    && (u.getPath() == null || u.getPath().isEmpty())) {
                return u;
            }
        } catch (IllegalArgumentException e) {
            // the message below says what is expected
        }
        throw new IllegalArgumentException(flag + ": '" + raw + "' is not a base URL like http://users:8082");
    }
}
