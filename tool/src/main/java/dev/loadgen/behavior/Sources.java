package dev.loadgen.behavior;

import dev.loadgen.config.ConfigException;
import dev.loadgen.config.ScenarioSpec.Text;
import dev.loadgen.config.Suggest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

/**
 * Compiles what is inside a {@code ${...}}: a built-in value, a function, a data file's column, a socket's
 * groups, {@code env.NAME}, or a variable of the scenario. Every name must be known when the scenario is
 * compiled, so a typo is a config error at its file, line and column, not an empty value at run time.
 */
final class Sources {
    static final Set<String> BUILT_IN = Set.of("user.number", "session.id", "run.id", "message.id", "random.int", "random.uuid",
            "random.password");
    static final Map<String, String> RETIRED = Map.of("user.name", "${username}", "user.id", "${userId}", "user.token", "${accessToken}");
    private static final String FUNCTIONS = "int(min, max), words(min, max), name(), prefix(name, min, max), pick(name)";

    private final Variables variables;
    private final Map<String, Feeders.Feeder> feeders;
    private final Map<String, Integer> sockets;
    private final Function<String, String> env;

    Sources(Variables variables, Map<String, Feeders.Feeder> feeders, Map<String, Integer> sockets, Function<String, String> env) {
        this.variables = variables;
        this.feeders = feeders;
        this.sockets = sockets;
        this.env = env;
    }

    Template template(Text t) {
        return Template.parse(t, this);
    }

    Source compile(String expr, Text where) {
        int paren = expr.indexOf('(');
        if (paren > 0 && expr.endsWith(")")) {
            return function(expr.substring(0, paren).trim(), arguments(expr.substring(paren + 1, expr.length() - 1), where), where);
        }
        if (!dev.loadgen.config.ScenarioSpec.NAME.matcher(expr).matches()) {
            throw new ConfigException(where.origin(), "'${" + expr + "}' is not a placeholder; write ${name} or a function: " + FUNCTIONS);
        }
        if (BUILT_IN.contains(expr)) {
            return builtIn(expr);
        }
        if (RETIRED.containsKey(expr)) {
            throw new ConfigException(where.origin(), "${" + expr + "} is gone: name the scenario's own variable, like "
                    + RETIRED.get(expr) + " in the demo scenario");
        }
        if (expr.startsWith("env.")) {
            String value = env.apply(expr.substring(4));
            if (value == null) {
                throw new ConfigException(where.origin(), "environment variable " + expr.substring(4) + " is not set; set it, or remove ${" + expr + "}");
            }
            return new Source.Fixed(value);
        }
        int dot = expr.indexOf('.');
        if (dot > 0 && variables.get(expr).isEmpty()) {
            String owner = expr.substring(0, dot);
            String field = expr.substring(dot + 1);
            Feeders.Feeder f = feeders.get(owner);
            if (f != null) {
                int column = f.column(field, where);
                return run -> run.row(f.index(), column);
            }
            if (sockets.containsKey(owner) && field.equals("groups")) {
                int socket = sockets.get(owner);
                return run -> run.groups(socket);
            }
        }
        return variables.get(expr).<Source>map(Source.Var::new).orElseThrow(() -> unknown(expr, where));
    }

    private ConfigException unknown(String expr, Text where) {
        Set<String> known = new TreeSet<>(BUILT_IN);
        variables.all().forEach(v -> known.add(v.name()));
        feeders.values().forEach(f -> f.columns().forEach(c -> known.add(f.name() + "." + c)));
        sockets.keySet().forEach(s -> known.add(s + ".groups"));
        String hint = Suggest.nearest(expr, known).map(s -> " (did you mean ${" + s + "}?)")
                .orElse("; no step, auth account, data file or declaration sets it");
        return new ConfigException(where.origin(), "${" + expr + "} is not defined" + hint);
    }

    private static Source builtIn(String name) {
        return switch (name) {
            case "user.number" -> run -> run.user().number();
            case "session.id" -> run -> run.user().sessionId();
            case "run.id" -> ActionRun::runId;
            case "message.id" -> ActionRun::nextMessageId;
            case "random.int" -> run -> (long) run.user().rng().nextInt(1_000_000);
            case "random.uuid" -> run -> new UUID(run.user().rng().nextLong(), run.user().rng().nextLong()).toString();
            default -> run -> Texts.password(run.user().rng());
        };
    }

    /** A function's arguments: numbers, quoted text, or names (compiled to sources). */
    private List<Object> arguments(String args, Text where) {
        List<Object> out = new ArrayList<>();
        if (args.isBlank()) {
            return out;
        }
        for (String a : args.split(",")) {
            String s = a.trim();
            if (s.matches("-?\\d+")) {
                out.add(Long.parseLong(s));
            } else if (s.length() >= 2 && (s.startsWith("'") && s.endsWith("'") || s.startsWith("\"") && s.endsWith("\""))) {
                out.add(new Source.Fixed(s.substring(1, s.length() - 1)));
            } else {
                out.add(compile(s, where));
            }
        }
        return out;
    }

    private Source function(String name, List<Object> args, Text where) {
        return switch (name) {
            case "int" -> {
                long[] r = range(name, args, 0, where);
                yield run -> r[0] + run.user().rng().nextLong(r[1] - r[0] + 1);
            }
            case "words" -> {
                long[] r = range(name, args, 0, where);
                yield run -> Texts.sentence(run.user().rng(), (int) r[0], (int) r[1]);
            }
            case "name" -> {
                arity(name, args, 0, where);
                yield run -> Texts.name(run.user().rng());
            }
            case "prefix" -> {
                Source of = source(name, args, where);
                long[] r = range(name, args, 1, where);
                yield run -> {
                    Object v = of.value(run);
                    if (v == null) {
                        return null;
                    }
                    String s = Scalars.text(v);
                    return s.substring(0, (int) Math.min(s.length(), r[0] + run.user().rng().nextLong(r[1] - r[0] + 1)));
                };
            }
            case "pick" -> {
                Source of = source(name, args, where);
                arity(name, args, 1, where);
                yield run -> {
                    Object v = of.value(run);
                    if (!(v instanceof java.util.Collection<?> c)) {
                        return v;
                    }
                    return c.isEmpty() ? null : c.stream().skip(run.user().rng().nextInt(c.size())).findFirst().orElse(null);
                };
            }
            default -> throw new ConfigException(where.origin(), "unknown function " + name + "(); known: " + FUNCTIONS);
        };
    }

    private static Source source(String name, List<Object> args, Text where) {
        if (args.isEmpty() || !(args.getFirst() instanceof Source s)) {
            throw new ConfigException(where.origin(), name + "(...) takes a name first, like " + name + "(ids)");
        }
        return s;
    }

    /** Two whole numbers from {@code at}, min <= max. */
    private static long[] range(String name, List<Object> args, int at, Text where) {
        arity(name, args, at + 2, where);
        if (!(args.get(at) instanceof Long min) || !(args.get(at + 1) instanceof Long max) || max < min || min < 0) {
            throw new ConfigException(where.origin(), name + "(...): give two whole numbers, min <= max, like " + name + "(3, 80)");
        }
        return new long[] {min, max};
    }

    private static void arity(String name, List<Object> args, int n, Text where) {
        if (args.size() != n) {
            throw new ConfigException(where.origin(), name + "(...) takes " + n + " argument" + (n == 1 ? "" : "s") + ", got " + args.size());
        }
    }
}
