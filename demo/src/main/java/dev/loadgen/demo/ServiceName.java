package dev.loadgen.demo;

import java.util.Locale;

/** The four demo services and their default ports (8081-8084, DESIGN.md §10). */
public enum ServiceName {
    AUTH, USERS, POSTS, CHAT;

    public static final int DEFAULT_BASE_PORT = 8081;

    /** The lower-case name used in URLs, metrics, spans ({@code service.name}) and flags. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Position from the base port: auth +0, users +1, posts +2, chat +3. */
    public int offset() {
        return ordinal();
    }

    public int defaultPort() {
        return DEFAULT_BASE_PORT + offset();
    }

    public static ServiceName of(String label) {
        for (ServiceName s : values()) {
            if (s.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("--service: '" + label + "' is not one of auth, users, posts, chat");
    }
}
