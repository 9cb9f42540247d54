package dev.loadgen.behavior;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.JsonPath;
import dev.loadgen.metrics.CheckCounter;
import dev.loadgen.protocol.HttpReply;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A named check on a response. A failed one makes the request's outcome {@code check_failed}, counted per
 * check and per endpoint; its words (with the check's name) go to the error tables.
 */
record Check(String name, CheckCounter counter, Kind kind, int[] statuses, Optional<JsonPath> path, String subject,
             Optional<Template> equals, Optional<Pattern> matches, boolean exists, long underNanos) {
    enum Kind { STATUS, JSON, BODY_CONTAINS, HEADER, UNDER }

    /** Why the response fails this check, or null when it passes. */
    String failure(ActionRun run, HttpReply reply, JsonNode json, long elapsedNanos) {
        return switch (kind) {
            case STATUS -> {
                for (int s : statuses) {
                    if (s == reply.status()) {
                        yield null;
                    }
                }
                yield "status " + reply.status();
            }
            case UNDER -> elapsedNanos <= underNanos ? null : String.format(java.util.Locale.ROOT, "took %.1fms", elapsedNanos / 1e6);
            case BODY_CONTAINS -> new String(reply.body(), StandardCharsets.UTF_8).contains(subject) ? null : "not in the body";
            case HEADER -> compare(run, reply.headers().first(subject).orElse(null));
            case JSON -> json == null ? "the body is not JSON" : compare(run, found(JsonPaths.read(path.orElseThrow(), json)));
        };
    }

    /** What a path found, as text the way a captured value reads ({@code 1.0} as 1, a list as its items); null: nothing. */
    private static String found(JsonNode n) {
        Object v = Scalars.of(n);
        return v == null || v instanceof java.util.Collection<?> c && c.isEmpty() ? null : Scalars.text(v);
    }

    private String compare(ActionRun run, String value) {
        if (!exists) {
            return value == null ? null : "present";
        }
        if (value == null) {
            return "missing";
        }
        if (equals.isPresent()) {
            String want = equals.get().fill(run);
            return value.equals(want) ? null : "'" + shorten(value) + "', not '" + shorten(want) + "'";
        }
        if (matches.isPresent()) {
            return matches.get().matcher(value).find() ? null : "'" + shorten(value) + "' does not match " + matches.get().pattern();
        }
        return null;
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
