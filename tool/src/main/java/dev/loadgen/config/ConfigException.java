package dev.loadgen.config;

/** A bad configuration value: the message is one line that names the problem, where it is, and the fix. */
public final class ConfigException extends RuntimeException {
    public ConfigException(Origin origin, String message) {
        super(origin + ": " + message);
    }

    public ConfigException(String message) {
        super(message);
    }
}
