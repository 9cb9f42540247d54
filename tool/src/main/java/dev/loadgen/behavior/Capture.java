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
 * optional one): the steps that need the value are then skipped, not sent with a blank.
 */
record Capture(Variables.Var var, Kind kind, Optional<JsonPath> path, String header, Optional<Pattern> regex, int group, String describe,
               CheckCounter counter) {
    enum Kind { JSON, HEADER, BODY }

    /** Whether finding nothing is fine: such a capture is not counted as a check. */
    boolean optional() {
        return counter == null;
    }

    /**
     * Takes the value and stores it; returns what was found (null: nothing). Unless {@code count} is false
     * (the response was an injected fault's), a capture that is not optional is counted as a check passed or failed.
     */
    Object take(ActionRun run, JsonNode json, byte[] body, Headers headers, boolean count) {
        Object v = value(json, body, headers);
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
            case JSON -> json == null ? null : Scalars.of(JsonPaths.read(path.orElseThrow(), json));
            case HEADER -> headers.first(header).map(h -> regex.map(r -> match(r, h)).orElse(h)).orElse(null);
            case BODY -> match(regex.orElseThrow(), new String(body, java.nio.charset.StandardCharsets.UTF_8));
        };
    }

    private String match(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() && group <= m.groupCount() ? m.group(group) : null;
    }
}
