package dev.loadgen.config;

/**
 * Where a configuration value came from: a position in a YAML file, a {@code --set} override, a flag or
 * the built-in defaults. {@link #toString()} is the prefix of every error message about that value.
 *
 * @param source file name, or the flag text such as {@code --set load.users=x}
 * @param line   1-based line in the file, 0 when the value did not come from a file
 * @param column 1-based column in the file, 0 when the value did not come from a file
 */
public record Origin(String source, int line, int column) {
    public static final Origin DEFAULTS = new Origin("defaults", 0, 0);

    public static Origin flag(String text) {
        return new Origin(text, 0, 0);
    }

    public boolean inFile() {
        return line > 0;
    }

    @Override
    public String toString() {
        return inFile() ? source + ":" + line + ":" + column : source;
    }
}
