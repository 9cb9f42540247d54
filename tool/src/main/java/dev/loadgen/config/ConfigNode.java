package dev.loadgen.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node of the configuration tree, as read from YAML or given by an override, with its origin. Maps
 * and lists are mutable only while the tree is being assembled (file, then {@code --set}, then flags);
 * binding reads them into immutable records.
 */
public sealed interface ConfigNode {
    Origin origin();

    /** What the node is, for messages: "a map", "a list" or "the value 'x'". */
    String describe();

    /** A scalar as written; {@code plain} is false when it was quoted, so "" and "null" stay strings. */
    record Scalar(String text, boolean plain, Origin origin) implements ConfigNode {
        public boolean isNull() {
            return plain && (text.isEmpty() || text.equals("~") || text.equalsIgnoreCase("null"));
        }

        @Override
        public String describe() {
            return "the value '" + text + "'";
        }
    }

    /** A map; {@code keyOrigins} says where each key was written, for errors about the key itself. */
    record MapNode(Map<String, ConfigNode> entries, Map<String, Origin> keyOrigins, Origin origin) implements ConfigNode {
        public MapNode(Origin origin) {
            this(new LinkedHashMap<>(), new LinkedHashMap<>(), origin);
        }

        /** Where key {@code k} was written, or its value's origin when it was set by an override. */
        public Origin keyOrigin(String k) {
            Origin o = keyOrigins.get(k);
            return o != null ? o : entries.get(k).origin();
        }

        @Override
        public String describe() {
            return "a map";
        }
    }

    record ListNode(List<ConfigNode> items, Origin origin) implements ConfigNode {
        public ListNode(Origin origin) {
            this(new ArrayList<>(), origin);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }
}
