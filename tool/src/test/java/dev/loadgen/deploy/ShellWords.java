package dev.loadgen.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commands of a CI step's shell script, split into words as bash would split them, for the plain
 * scripts of docs/ci/: backslash-newline continuations, comments, single and double quotes, and the
 * variables {@code $NAME}, {@code ${NAME}} and {@code ${NAME:+WORD}} expanded from a given environment
 * (an unset name is empty, as in the shell). A control operator ({@code && || ; |}) written as a word of its
 * own ends a command.
 */
final class ShellWords {
    private static final Pattern ALTERNATE = Pattern.compile("\\$\\{([A-Za-z_]\\w*):\\+([^}]*)}");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_]\\w*)}|\\$([A-Za-z_]\\w*)");
    private static final List<String> OPERATORS = List.of("&&", "||", ";", "|");

    /** One command: its words, and the script line it starts on (from 1). */
    record Command(int line, List<String> words) {}

    private ShellWords() {}

    /** The names a script reads with {@code $NAME}, {@code ${NAME}} or {@code ${NAME:+...}}. */
    static List<String> variables(String script) {
        List<String> names = new ArrayList<>();
        Matcher a = ALTERNATE.matcher(script);
        while (a.find()) {
            names.add(a.group(1));
        }
        Matcher v = VARIABLE.matcher(ALTERNATE.matcher(script).replaceAll(r -> Matcher.quoteReplacement(r.group(2))));
        while (v.find()) {
            names.add(v.group(1) != null ? v.group(1) : v.group(2));
        }
        return names.stream().distinct().toList();
    }

    static List<Command> commands(String script, Map<String, String> env) {
        List<Command> out = new ArrayList<>();
        String[] lines = script.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int first = i;
            StringBuilder logical = new StringBuilder(lines[i]);
            while (logical.toString().endsWith("\\") && i + 1 < lines.length) {
                logical.setLength(logical.length() - 1);
                logical.append(' ').append(lines[++i]);
            }
            List<String> words = new ArrayList<>();
            for (String w : words(expand(logical.toString(), env))) {
                if (OPERATORS.contains(w)) {
                    add(out, first, words);
                    words = new ArrayList<>();
                } else {
                    words.add(w);
                }
            }
            add(out, first, words);
        }
        return out;
    }

    private static void add(List<Command> out, int line, List<String> words) {
        if (!words.isEmpty()) {
            out.add(new Command(line + 1, List.copyOf(words)));
        }
    }

    static String expand(String line, Map<String, String> env) {
        String alternates = ALTERNATE.matcher(line).replaceAll(m -> Matcher.quoteReplacement(
                env.getOrDefault(m.group(1), "").isEmpty() ? "" : m.group(2)));
        return VARIABLE.matcher(alternates).replaceAll(m -> Matcher.quoteReplacement(
                env.getOrDefault(m.group(1) != null ? m.group(1) : m.group(2), "")));
    }

    /** Splits one line into words: quotes removed, a backslash escapes the next character, # starts a comment. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    w.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                    w.append(line.charAt(++i));
                } else {
                    w.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else if (c == '#' && !inWord) {
                break;
            } else {
                inWord = true;
                if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '\\' && i + 1 < line.length()) {
                    w.append(line.charAt(++i));
                } else {
                    w.append(c);
                }
            }
        }
        if (quote != 0) {
            throw new AssertionError("unclosed " + quote + " in: " + line);
        }
        if (inWord) {
            words.add(w.toString());
        }
        return words;
    }
}
