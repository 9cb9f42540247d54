package dev.loadgen.config;

import java.util.List;

/**
 * Puts a value into the configuration tree at a dotted path ({@code load.users}, {@code requests.0.path}),
 * creating the maps on the way, as {@code helm --set} does. Used for {@code --set key=value} and for the
 * flags, which are applied last so that they win.
 */
final class Overrides {
    private Overrides() {}

    static void put(ConfigNode.MapNode root, String path, ConfigNode value) {
        List<String> parts = List.of(path.split("\\.", -1));
        if (path.isBlank() || parts.stream().anyMatch(String::isBlank)) {
            throw new ConfigException(value.origin(), "'" + path + "' is not a config key; write it like load.users");
        }
        ConfigNode cursor = root;
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            boolean last = i == parts.size() - 1;
            switch (cursor) {
                case ConfigNode.MapNode map -> {
                    if (last) {
                        map.entries().put(part, value);
                    } else {
                        ConfigNode next = map.entries().get(part);
                        if (next == null || !(next instanceof ConfigNode.MapNode || next instanceof ConfigNode.ListNode)) {
                            next = new ConfigNode.MapNode(value.origin());
                            map.entries().put(part, next);
                        }
                        cursor = next;
                    }
                }
                case ConfigNode.ListNode list -> {
                    int index = listIndex(part, list, value.origin(), path);
                    if (last) {
                        set(list, index, value);
                    } else {
                        if (index == list.items().size()) {
                            list.items().add(new ConfigNode.MapNode(value.origin()));
                        }
                        cursor = list.items().get(index);
                    }
                }
                case ConfigNode.Scalar s -> throw new ConfigException(value.origin(),
                        "'" + path + "' goes inside " + s.describe() + "; set the parent key instead");
            }
        }
    }

    /** The value at a dotted path of maps, if one is written there (not null). */
    static java.util.Optional<ConfigNode> get(ConfigNode.MapNode root, String path) {
        ConfigNode cursor = root;
        for (String part : path.split("\\.")) {
            if (!(cursor instanceof ConfigNode.MapNode map) || (cursor = map.entries().get(part)) == null) {
                return java.util.Optional.empty();
            }
        }
        return cursor instanceof ConfigNode.Scalar s && s.isNull() ? java.util.Optional.empty() : java.util.Optional.of(cursor);
    }

    private static int listIndex(String part, ConfigNode.ListNode list, Origin origin, String path) {
        try {
            int index = Integer.parseInt(part);
            if (index >= 0 && index <= list.items().size()) {
                return index;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new ConfigException(origin, "'" + part + "' in '" + path + "' must be a list index from 0 to " + list.items().size());
    }

    private static void set(ConfigNode.ListNode list, int index, ConfigNode value) {
        if (index == list.items().size()) {
            list.items().add(value);
        } else {
            list.items().set(index, value);
        }
    }
}
