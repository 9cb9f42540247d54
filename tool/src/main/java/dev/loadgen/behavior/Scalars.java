package dev.loadgen.behavior;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The values a user holds: text, numbers and booleans as captured from JSON, and lists of them. How they
 * read as text (a list reads as its items separated by spaces, which is what reading time counts) and as
 * JSON (a number stays a number, a list an array).
 */
final class Scalars {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Scalars() {}

    static String text(Object v) {
        return switch (v) {
            case String s -> s;
            case Double d when d == Math.rint(d) && Math.abs(d) < 1e15 -> Long.toString(d.longValue());
            case Collection<?> c -> {
                StringBuilder b = new StringBuilder();
                for (Object o : c) {
                    if (!b.isEmpty()) {
                        b.append(' ');
                    }
                    b.append(text(o));
                }
                yield b.toString();
            }
            default -> String.valueOf(v);
        };
    }

    static JsonNode json(Object v) {
        return switch (v) {
            case String s -> NODES.textNode(s);
            case Long l -> NODES.numberNode(l);
            case Integer i -> NODES.numberNode(i);
            case Double d -> NODES.numberNode(d);
            case Boolean b -> NODES.booleanNode(b);
            case Collection<?> c -> {
                ArrayNode a = NODES.arrayNode();
                c.forEach(o -> a.add(json(o)));
                yield a;
            }
            default -> NODES.textNode(String.valueOf(v));
        };
    }

    /** A value from a JSON tree: text, number, boolean, a list for an array; null for null, missing or an object's absence. */
    static Object of(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isTextual()) {
            return n.asText();
        }
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isArray()) {
            List<Object> out = new ArrayList<>(n.size());
            for (JsonNode item : n) {
                Object o = of(item);
                if (o != null) {
                    out.add(o);
                }
            }
            return out;
        }
        return n.toString();
    }

    /** The items of a value: a list's, or the value alone. */
    static Collection<?> items(Object v) {
        return v instanceof Collection<?> c ? c : List.of(v);
    }

    /** A user's bounded list: the newest at the end; adding a value already there moves it to the end. */
    static final class Bounded extends ArrayDeque<Object> {
        private final int max;

        Bounded(int max) {
            super(Math.min(max, 16));
            this.max = max;
        }

        void remember(Object v) {
            remove(v);
            addLast(v);
            if (size() > max) {
                removeFirst();
            }
        }
    }
}
