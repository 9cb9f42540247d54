package dev.loadgen.behavior;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadgen.config.ConfigException;
import dev.loadgen.config.ConfigNode;
import dev.loadgen.config.ScenarioSpec.Text;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A JSON body (or frame) written as YAML: maps are objects, lists arrays, and every text may hold templates.
 * A text that is one placeholder takes its value's type ({@code "${limit}"} stays a number); a plain YAML
 * number, true, false or null is one in JSON too. A body without placeholders is written once.
 */
final class JsonBody implements Sockets.Frame {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Node root;
    private final byte[] constant;
    private final ObjectMapper json;

    private JsonBody(Node root, byte[] constant, ObjectMapper json) {
        this.root = root;
        this.constant = constant;
        this.json = json;
    }

    private sealed interface Node {
        record Fixed(JsonNode value) implements Node {}

        record Filled(Template template) implements Node {}

        record Obj(List<String> names, List<Node> values) implements Node {}

        record Arr(List<Node> items) implements Node {}
    }

    static JsonBody compile(ConfigNode tree, Sources sources, List<String> reads, ObjectMapper json) {
        Node root = node(tree, sources, reads);
        byte[] constant = null;
        if (isFixed(root)) {
            try {
                constant = json.writeValueAsBytes(render(root, null));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return new JsonBody(root, constant, json);
    }

    private static Node node(ConfigNode n, Sources sources, List<String> reads) {
        return switch (n) {
            case ConfigNode.MapNode m -> {
                List<String> names = new ArrayList<>();
                List<Node> values = new ArrayList<>();
                for (Map.Entry<String, ConfigNode> e : m.entries().entrySet()) {
                    names.add(e.getKey());
                    values.add(node(e.getValue(), sources, reads));
                }
                yield new Node.Obj(names, values);
            }
            case ConfigNode.ListNode l -> {
                List<Node> items = new ArrayList<>();
                l.items().forEach(i -> items.add(node(i, sources, reads)));
                yield new Node.Arr(items);
            }
            case ConfigNode.Scalar s -> {
                if (s.isNull()) {
                    yield new Node.Fixed(NODES.nullNode());
                }
                Template t = sources.template(new Text(s.text(), s.origin()));
                reads.addAll(t.variables());
                if (!t.isConstant()) {
                    yield new Node.Filled(t);
                }
                yield new Node.Fixed(s.plain() ? plain(t.text()) : NODES.textNode(t.text()));
            }
        };
    }

    /** A plain YAML scalar: a number, true or false as such, anything else as text. */
    private static JsonNode plain(String text) {
        if (text.equals("true") || text.equals("false")) {
            return NODES.booleanNode(Boolean.parseBoolean(text));
        }
        if (text.matches("-?\\d{1,18}")) {
            return NODES.numberNode(Long.parseLong(text));
        }
        if (text.matches("-?\\d+\\.\\d+([eE][-+]?\\d+)?")) {
            return NODES.numberNode(Double.parseDouble(text));
        }
        return NODES.textNode(text);
    }

    private static boolean isFixed(Node n) {
        return switch (n) {
            case Node.Fixed f -> true;
            case Node.Filled f -> false;
            case Node.Obj o -> o.values().stream().allMatch(JsonBody::isFixed);
            case Node.Arr a -> a.items().stream().allMatch(JsonBody::isFixed);
        };
    }

    private static JsonNode render(Node n, ActionRun run) {
        return switch (n) {
            case Node.Fixed f -> f.value();
            case Node.Filled f -> Scalars.json(f.template().value(run));
            case Node.Obj o -> {
                ObjectNode out = NODES.objectNode();
                for (int i = 0; i < o.names().size(); i++) {
                    out.set(o.names().get(i), render(o.values().get(i), run));
                }
                yield out;
            }
            case Node.Arr a -> {
                ArrayNode out = NODES.arrayNode();
                a.items().forEach(i -> out.add(render(i, run)));
                yield out;
            }
        };
    }

    byte[] bytes(ActionRun run) {
        if (constant != null) {
            return constant;
        }
        try {
            return json.writeValueAsBytes(render(root, run));
        } catch (IOException e) {
            throw new ConfigException("a JSON body cannot be written: " + e.getMessage());
        }
    }

    @Override
    public String text(ActionRun run) {
        return new String(bytes(run), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public Sockets.Rendered render(ActionRun run) {
        JsonNode tree = render(root, run);
        try {
            return new Sockets.Rendered(constant != null ? new String(constant, java.nio.charset.StandardCharsets.UTF_8)
                    : json.writeValueAsString(tree), tree);
        } catch (IOException e) {
            throw new ConfigException("a JSON frame cannot be written: " + e.getMessage());
        }
    }

    @Override
    public String fixedField(String name) {
        if (root instanceof Node.Obj o) {
            int i = o.names().indexOf(name);
            if (i >= 0 && o.values().get(i) instanceof Node.Fixed f && f.value().isTextual()) {
                return f.value().asText();
            }
        }
        return null;
    }
}
