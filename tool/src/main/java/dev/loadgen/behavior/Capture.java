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

    /** What a text-only capture found instead of text; stored nowhere, it only says why the capture failed. */
    record Mistyped(Object found) {
        String describe() {
            String kind = switch (found) {
                case Boolean b -> "a boolean";
                case Number n -> "a number";
                case java.util.Collection<?> c -> "a list";
                default -> "an object";
            };
            String shown = found instanceof java.util.Map<?, ?> m ? String.valueOf(m.get("object")) : String.valueOf(found);
            return "found " + kind + " (" + (shown.length() > 40 ? shown.substring(0, 39) + "…" : shown) + "), not text";
        }
    }

    /** Whether finding nothing is fine: such a capture is not counted as a check. */
    boolean optional() {
        return counter == null;
    }

    /**
     * Takes the value and stores it; returns what was found (null: nothing). Unless {@code count} is false
     * (the response was an injected fault's), a capture that is not optional is counted as a check passed or failed.
     */
    Object take(ActionRun run, JsonNode json, byte[] body, Headers headers, boolean count) {
        Object found = value(json, body, headers);
        Object v = text && found != null && !(found instanceof String) ? null : found;
        run.set(var, v);
        if (v == null && found != null) {
            if (counter != null && count) {
                counter.failed();
            }
            return new Mistyped(found);
        }
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
            case JSON -> json == null ? null : text ? textOrWhatElse(JsonPaths.read(path.orElseThrow(), json))
                    : Scalars.of(JsonPaths.read(path.orElseThrow(), json));
            case HEADER -> headers.first(header).map(h -> regex.map(r -> match(r, h)).orElse(h)).orElse(null);
            case BODY -> match(regex.orElseThrow(), new String(body, java.nio.charset.StandardCharsets.UTF_8));
        };
    }

    /** For a text-only capture: the text, or what stood there instead (an object as a map, not as its JSON text). */
    private static Object textOrWhatElse(JsonNode n) {
        return n != null && n.isObject() ? java.util.Map.of("object", n.toString()) : Scalars.of(n);
    }

    private String match(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() && group <= m.groupCount() ? m.group(group) : null;
    }
}
