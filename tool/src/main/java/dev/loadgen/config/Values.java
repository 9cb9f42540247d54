package dev.loadgen.config;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for the value syntaxes the command line and the config share: durations ({@code 30s},
 * {@code 1h30m}, {@code 250ms}), rates ({@code 20/s}, {@code 1200/m}), percentages ({@code 1%}), sizes
 * ({@code 4MiB}, {@code 512KB}), execution segments ({@code 2/4}) and moments ({@code 2026-12-07T10:00:00Z}). Each
 * throws a {@link ConfigException} that shows the expected form.
 */
public final class Values {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(?:/\\s*(s|sec|m|min|h))?");
    private static final Pattern SEGMENT = Pattern.compile("(\\d+)/(\\d+)");
    private static final Pattern EPOCH_SECONDS = Pattern.compile("(\\d+)(?:\\.(\\d{1,9}))?");
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(B|KB|KiB|MB|MiB|GB|GiB)?", Pattern.CASE_INSENSITIVE);

    private Values() {}

    /** A duration such as {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 250ms} or {@code 0}. */
    public static Duration duration(String text, Origin origin, String key) {
        String s = text.trim();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION_PART.matcher(s);
        long nanos = 0;
        int at = 0;
        while (at < s.length() && m.find(at) && m.start() == at) {
            double amount = Double.parseDouble(m.group(1));
            nanos += (long) (amount * switch (m.group(2)) {
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                case "h" -> 3600e9;
                default -> 86400e9;
            });
            at = m.end();
        }
        if (at == 0 || at != s.length()) {
            throw new ConfigException(origin, key + ": '" + text + "' is not a duration; write it like 30s, 5m, 1h30m or 250ms");
        }
        return Duration.ofNanos(nanos);
    }

    /** A rate per second from {@code 20/s}, {@code 1200/m}, {@code 3/h} or a bare number (per second). */
    public static double ratePerSecond(String text, Origin origin, String key) {
        Matcher m = RATE.matcher(text.trim());
        if (!m.matches()) {
            throw new ConfigException(origin, key + ": '" + text + "' is not a rate; write it like 20/s or 1200/m");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "m", "min" -> n / 60;
            case "h" -> n / 3600;
            default -> n;
        };
    }

    /** A fraction from {@code 1%}, {@code 0.5%} or a bare number between 0 and 1. */
    public static double fraction(String text, Origin origin, String key) {
        String s = text.trim();
        try {
            double v = s.endsWith("%") ? Double.parseDouble(s.substring(0, s.length() - 1).trim()) / 100
                    : Double.parseDouble(s);
            if (v >= 0 && v <= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(origin, key + ": '" + text + "' is not a share; write it like 1% or 0.01");
    }

    /**
     * A size in bytes from a bare number of bytes or one with a unit: {@code 4MiB} (binary: KiB, MiB, GiB, powers of
     * 1024) or {@code 4MB} (decimal: KB, MB, GB, powers of 1000), as Kubernetes reads them; between {@code min} and
     * {@code max} bytes.
     */
    public static long bytes(String text, Origin origin, String key, long min, long max) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new ConfigException(origin, key + ": '" + text + "' is not a size; write it like 4MiB, 512KiB or 1048576 (bytes)");
        }
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(java.util.Locale.ROOT);
        double scale = switch (unit) {
            case "kb" -> 1e3;
            case "kib" -> 1024;
            case "mb" -> 1e6;
            case "mib" -> 1024 * 1024;
            case "gb" -> 1e9;
            case "gib" -> 1024.0 * 1024 * 1024;
            default -> 1;
        };
        double v = Double.parseDouble(m.group(1)) * scale;
        if (v < min || v > max) {
            throw new ConfigException(origin, key + ": " + text.trim() + " is out of range; give between " + formatBytes(min) + " and " + formatBytes(max));
        }
        return (long) v;
    }

    /** A size the way a user reads it: {@code 4 MiB}, {@code 512 KiB}, {@code 1.5 MiB}, {@code 900 B}. */
    public static String formatBytes(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        String n = v == Math.rint(v) ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.1f", v);
        return n + " " + units[u];
    }

    /** An execution segment {@code i/n}: this instance is number i (from 0) of n. */
    public static Segment segment(String text, Origin origin, String key) {
        Matcher m = SEGMENT.matcher(text.trim());
        if (m.matches()) {
            int i = Integer.parseInt(m.group(1));
            int n = Integer.parseInt(m.group(2));
            if (n >= 1 && i >= 0 && i < n) {
                return new Segment(i, n);
            }
        }
        throw new ConfigException(origin, key + ": '" + text + "' is not a segment; write i/n with 0 <= i < n (i counts from 0), like 2/4");
    }

    /**
     * A moment in RFC 3339 ({@code 2026-12-07T10:00:00Z}, {@code 2026-12-07T11:00:00.5+01:00}; a lower-case
     * {@code t} or {@code z} and a space for the {@code T} are RFC 3339 too), or in seconds since 1970 UTC
     * ({@code 1796637600}, what {@code date +%s} prints). A time without its offset is refused: instances in different
     * time zones would read it as different moments.
     */
    public static Instant instant(String text, Origin origin, String key) {
        String s = text.trim();
        Matcher epoch = EPOCH_SECONDS.matcher(s);
        if (epoch.matches() && epoch.group(1).length() <= 12) {
            String nanos = epoch.group(2) == null ? "0" : (epoch.group(2) + "00000000").substring(0, 9);
            return Instant.ofEpochSecond(Long.parseLong(epoch.group(1)), Long.parseLong(nanos));
        }
        String iso = s.toUpperCase(Locale.ROOT).replaceFirst("^(\\d{4}-\\d{2}-\\d{2}) ", "$1T");
        try {
            return OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            try {
                LocalDateTime.parse(iso, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
                throw new ConfigException(origin, key + ": '" + text + "' has no time zone; add Z for UTC or the offset, like "
                        + s + "Z or " + s + "+01:00");
            } catch (DateTimeParseException notLocal) {
                throw new ConfigException(origin, key + ": '" + text + "' is not a time; write it in RFC 3339, like 2026-12-07T10:00:00Z, "
                        + "or in seconds since 1970, like 1796637600 (date +%s)");
            }
        }
    }

    /** Formats a duration the way the user writes one: {@code 1h30m}, {@code 45s}, {@code 250ms}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        if (ms % 1000 != 0 && ms < 60_000) {
            return ms < 1000 ? ms + "ms" : String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        long s = ms / 1000;
        StringBuilder b = new StringBuilder();
        if (s >= 3600) {
            b.append(s / 3600).append('h');
            s %= 3600;
        }
        if (s >= 60) {
            b.append(s / 60).append('m');
            s %= 60;
        }
        if (s > 0) {
            b.append(s).append('s');
        }
        return b.toString();
    }
}
