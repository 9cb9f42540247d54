package dev.loadgen.behavior;

import dev.loadgen.config.ConfigException;
import dev.loadgen.config.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A string with {@code ${...}} placeholders filled from the user's state: {@code user.name},
 * {@code user.id}, {@code user.number}, {@code user.token}, {@code session.id}, {@code random.int},
 * {@code random.uuid}. Parsed once; a template without placeholders costs nothing to fill.
 */
final class Template {
    static final Set<String> NAMES = Set.of("user.name", "user.id", "user.number", "user.token", "session.id", "random.int", "random.uuid");

    private final String text;
    private final List<String> parts = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    Template(String text, Origin origin, String where) {
        this.text = text;
        int at = 0;
        while (true) {
            int open = text.indexOf("${", at);
            if (open < 0) {
                parts.add(text.substring(at));
                break;
            }
            int close = text.indexOf('}', open);
            if (close < 0) {
                throw new ConfigException(origin, where + ": unclosed '${' in '" + text + "'");
            }
            String name = text.substring(open + 2, close).trim();
            if (!NAMES.contains(name)) {
                throw new ConfigException(origin, where + ": unknown placeholder ${" + name + "}; known: " + String.join(", ", new java.util.TreeSet<>(NAMES)));
            }
            parts.add(text.substring(at, open));
            names.add(name);
            at = close + 1;
        }
    }

    boolean isConstant() {
        return names.isEmpty();
    }

    boolean uses(String name) {
        return names.contains(name);
    }

    String fill(UserSession s) {
        if (names.isEmpty()) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length() + 32);
        for (int i = 0; i < parts.size(); i++) {
            b.append(parts.get(i));
            if (i < names.size()) {
                b.append(value(names.get(i), s));
            }
        }
        return b.toString();
    }

    private static String value(String name, UserSession s) {
        return switch (name) {
            case "user.name" -> s.account().map(UserSession.Account::username).orElse("");
            case "user.id" -> s.userId().orElse("");
            case "user.number" -> Long.toString(s.number());
            case "user.token" -> s.accessToken().orElse("");
            case "session.id" -> s.sessionId();
            case "random.int" -> Integer.toString(s.rng().nextInt(1_000_000));
            case "random.uuid" -> new UUID(s.rng().nextLong(), s.rng().nextLong()).toString();
            default -> throw new IllegalStateException(name);
        };
    }
}
