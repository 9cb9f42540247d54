package dev.loadgen.behavior;

import dev.loadgen.config.ConfigException;
import dev.loadgen.config.ScenarioSpec.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A text with {@code ${...}} placeholders, parsed once: literal parts and the {@link Source}s that fill the
 * rest. A placeholder is a name ({@code ${post}}, {@code ${user.number}}, {@code ${accounts.email}}) or a
 * function ({@code ${words(3, 80)}}); docs/scenarios.md lists them. A template without placeholders costs
 * nothing to fill; one that is a single placeholder gives its value as it is (a number stays a number, a list
 * a list), which is what JSON bodies need.
 */
final class Template {
    private final String text;
    private final String[] literals;
    private final Source[] sources;
    private final String[] expressions;

    private Template(String text, String[] literals, Source[] sources, String[] expressions) {
        this.text = text;
        this.literals = literals;
        this.sources = sources;
        this.expressions = expressions;
    }

    /** A template of no placeholders. */
    static Template constant(String text) {
        return new Template(text, new String[] {text}, new Source[0], new String[0]);
    }

    static Template parse(Text t, Sources sources) {
        String s = t.value();
        List<String> literals = new ArrayList<>();
        List<Source> found = new ArrayList<>();
        List<String> expressions = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            if (s.startsWith("$${", i)) {
                literal.append("${");
                i += 3;
            } else if (s.startsWith("${", i)) {
                int end = closing(s, i + 2, t);
                String expr = s.substring(i + 2, end).trim();
                literals.add(literal.toString());
                literal.setLength(0);
                found.add(sources.compile(expr, t));
                expressions.add(expr);
                i = end + 1;
            } else {
                literal.append(s.charAt(i++));
            }
        }
        literals.add(literal.toString());
        return new Template(s, literals.toArray(new String[0]), found.toArray(new Source[0]), expressions.toArray(new String[0]));
    }

    /** The '}' that closes a placeholder, skipping quoted function arguments. */
    private static int closing(String s, int from, Text t) {
        char quote = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '}') {
                return i;
            }
        }
        throw new ConfigException(t.origin(), "unclosed '${' in '" + s + "'; write ${name}, or $${ for a literal ${");
    }

    boolean isConstant() {
        return sources.length == 0;
    }

    /** The text itself when it has no placeholders ({@code $${} written as {@code ${}). */
    String text() {
        return sources.length == 0 ? literals[0] : text;
    }

    /** The names of the variables this template reads. */
    List<String> variables() {
        List<String> out = new ArrayList<>();
        for (Source s : sources) {
            s.variables(out);
        }
        return out;
    }

    /** The text with every placeholder filled. */
    String fill(ActionRun run) {
        return fill(run, UnaryOperator.identity());
    }

    /** The text with every placeholder filled with its value passed through {@code encode} (for URLs). */
    String fill(ActionRun run, UnaryOperator<String> encode) {
        if (sources.length == 0) {
            return literals[0];
        }
        StringBuilder b = new StringBuilder(text.length() + 32);
        for (int i = 0; i < sources.length; i++) {
            b.append(literals[i]).append(encode.apply(Scalars.text(value(i, run))));
        }
        return b.append(literals[sources.length]).toString();
    }

    /** The text with each placeholder written {@code {expression}}: how a URL template names its endpoint. */
    String shape() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < sources.length; i++) {
            b.append(literals[i]).append('{').append(expressions[i]).append('}');
        }
        return b.append(literals[sources.length]).toString();
    }

    /** The value: a single placeholder's own (a number, a list), else the filled text. */
    Object value(ActionRun run) {
        if (sources.length == 1 && literals[0].isEmpty() && literals[1].isEmpty()) {
            return value(0, run);
        }
        return fill(run);
    }

    private Object value(int i, ActionRun run) {
        Object v = sources[i].value(run);
        if (v == null) {
            throw new Missing(expressions[i]);
        }
        return v;
    }

    @Override
    public String toString() {
        return text;
    }

    /** A placeholder had no value: the step that needs it is skipped (and counted), never sent with a blank. */
    static final class Missing extends RuntimeException {
        Missing(String expression) {
            super(expression, null, false, false);
        }

        String expression() {
            return getMessage();
        }
    }
}
