package dev.loadgen.config;

import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * {@code ${NAME}} and {@code ${NAME:-fallback}} in configuration values, replaced by environment
 * variables as the YAML is read (as docker-compose and Helm users expect). {@code $${} writes a
 * literal {@code ${}. An unset variable without a fallback is an error, never a silent empty string.
 */
final class Interpolation implements UnaryOperator<YamlSource.ScalarText> {
    private final Function<String, String> env;

    Interpolation(Function<String, String> env) {
        this.env = env;
    }

    @Override
    public YamlSource.ScalarText apply(YamlSource.ScalarText in) {
        String s = in.text();
        if (s.indexOf('$') < 0) {
            return in;
        }
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '$' && s.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (c == '$' && s.startsWith("${", i)) {
                int end = s.indexOf('}', i + 2);
                if (end < 0) {
                    throw new ConfigException(in.origin(), "unclosed '${' in '" + s + "'; write ${NAME} or $${ for a literal");
                }
                out.append(resolve(s.substring(i + 2, end), in.origin()));
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return new YamlSource.ScalarText(out.toString(), in.origin());
    }

    private String resolve(String expr, Origin origin) {
        int dash = expr.indexOf(":-");
        String name = dash < 0 ? expr : expr.substring(0, dash);
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new ConfigException(origin, "'${" + expr + "}' is not an environment variable reference; use ${NAME} or ${NAME:-fallback}");
        }
        String value = env.apply(name);
        if (value != null && !value.isEmpty()) {
            return value;
        }
        if (dash >= 0) {
            return expr.substring(dash + 2);
        }
        throw new ConfigException(origin, "environment variable " + name + " is not set; set it or write ${" + name + ":-fallback}");
    }
}
