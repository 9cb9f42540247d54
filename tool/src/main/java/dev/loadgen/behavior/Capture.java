package dev.loadgen.behavior;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.JsonPath;
import dev.loadgen.metrics.CheckCounter;
import dev.loadgen.protocol.Headers;
import java.util.List;
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
record Capture(Variables.Var var, Kind kind, Optional<JsonPath> path, String header, Optional<Pattern> regex, int group, boolean optional,
               String describe, CheckCounter counter) {
    enum Kind { JSON, HEADER, BODY }

    /** Takes the value; returns what was found (null: nothing) after storing it. */
    Object apply(ActionRun run, JsonNode json, byte[] body, Headers headers) {
        Object v = switch (kind) {
            case JSON -> json == null ? null : Scalars.of(JsonPaths.read(path.orElseThrow(), json));
            case HEADER -> headers.first(header).map(h -> regex.map(r -> match(r, h)).orElse(h)).orElse(null);
            case BODY -> match(regex.orElseThrow(), new String(body, java.nio.charset.StandardCharsets.UTF_8));
        };
        if (v instanceof List<?> l && kind == Kind.JSON && !path.orElseThrow().isDefinite()) {
            run.set(var, l);
            return l;
        }
        run.set(var, v);
        return v;
    }

    private String match(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() && group <= m.groupCount() ? m.group(group) : null;
    }
}
