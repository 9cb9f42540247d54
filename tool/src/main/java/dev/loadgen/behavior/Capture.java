package dev.loadgen.behavior;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.JsonPath;
import dev.loadgen.metrics.CheckCounter;
import dev.loadgen.protocol.Headers;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A value taken from a response into a variable: by JSONPath over a JSON body (Jayway JsonPath on Jackson's
 * tree: a definite path gives one value, one with wildcards, slices or filters a list), from a header, or by a
 * regular expression over the body or a header. One that finds nothing unsets its variable and, unless it is
 * optional, fails like a check (counted as the check {@code capture <variable>}, {@code counter}; null for an
 * optional one): the steps that need the value are then skipped, not sent with a blank. A capture that must find
 * text ({@code text}: the auth token, sent in a header) and finds a number, a boolean, an object or a list has
 * found the response breaking its contract: that fails the same way.
 */
record Capture(Variables.Var var, Kind kind, Optional<JsonPath> path, String header, Optional<Pattern> regex, int group, String describe,
               CheckCounter counter, boolean text) {
    enum Kind { JSON, HEADER, BODY }

    /** What a text-only capture found instead of text ({@code a number}, and its JSON); stored nowhere, it says why the capture failed. */
    record Mistyped(String kind, String json) {
        static Mistyped of(JsonNode n) {
            String kind = n.isBoolean() ? "a boolean" : n.isNumber() ? "a number" : n.isArray() ? "a list" : "an object";
            return new Mistyped(kind, n.toString());
        }

        String describe() {
            return "found " + kind + " (" + (json.length() > 40 ? json.substring(0, 39) + "…" : json) + "), not text";
        }
    }

    /** Whether finding nothing is fine: such a capture is not counted as a check. */
    boolean optional() {
        return counter == null;
    }

    /**
     * Takes the value and stores it; returns what was found (null: nothing; a {@link Mistyped}: not the text it
     * needed, and nothing is stored). Unless {@code count} is false (the response was an injected fault's), a capture
     * that is not optional is counted as a check passed or failed.
     */
    Object take(ActionRun run, JsonNode json, byte[] body, Headers headers, boolean count) {
        Object v = value(json, body, headers);
        if (v instanceof Mistyped m) {
            run.set(var, null);
            if (counter != null && count) {
                counter.failed();
            }
            return m;
        }
        run.set(var, v);
        if (counter != null && count) {
            if (v == null) {
                counter.failed();
            } else {
                counter.passed();
            }
        }
        return v;
    }

    private Object value(JsonNode json, byte[] body, Headers headers) {
        return switch (kind) {
            case JSON -> json == null ? null : text ? textOrMistyped(JsonPaths.read(path.orElseThrow(), json))
                    : Scalars.of(JsonPaths.read(path.orElseThrow(), json));
            case HEADER -> headers.first(header).map(h -> regex.map(r -> match(r, h)).orElse(h)).orElse(null);
            case BODY -> match(regex.orElseThrow(), new String(body, java.nio.charset.StandardCharsets.UTF_8));
        };
    }

    /** For a text-only capture: the text, nothing (null, missing), or what stood there instead. */
    private static Object textOrMistyped(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode() || n.isTextual()) {
            return Scalars.of(n);
        }
        return Mistyped.of(n);
    }

    private String match(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() && group <= m.groupCount() ? m.group(group) : null;
    }
}
