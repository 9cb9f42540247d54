package dev.loadgen.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;

/**
 * JSON for a page's scripts. JavaScript reads every number as a double, exact only up to 2^53: a 64-bit
 * seed such as 7224268341730870938 would come back as 7224268341730871000, and a seed copied from the page
 * would not reproduce the run. Whole numbers beyond that are written as strings, which the pages show as
 * they are; the files themselves (summary.json) keep their numbers.
 */
public final class BrowserJson {
    /** The largest whole number a double holds exactly, with every smaller one (Number.MAX_SAFE_INTEGER). */
    static final long MAX_SAFE = (1L << 53) - 1;

    private BrowserJson() {}

    /** The tree with every unsafe whole number made a string, in place; returns it. */
    public static JsonNode exact(JsonNode n) {
        if (n instanceof ObjectNode o) {
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                JsonNode v = e.getValue();
                if (unsafe(v)) {
                    e.setValue(TextNode.valueOf(v.asText()));
                } else {
                    exact(v);
                }
            }
        } else if (n instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (unsafe(a.get(i))) {
                    a.set(i, TextNode.valueOf(a.get(i).asText()));
                } else {
                    exact(a.get(i));
                }
            }
        }
        return n;
    }

    private static boolean unsafe(JsonNode v) {
        if (!v.isIntegralNumber()) {
            return false;
        }
        if (!v.canConvertToLong()) {
            return true;
        }
        long x = v.longValue();
        return x > MAX_SAFE || x < -MAX_SAFE;
    }
}
