package dev.loadgen.demo.users;

/** A profile as the API shows it: {@code followers} and {@code following} are counts. */
public record Profile(String id, String username, String displayName, String bio, int followers, int following) {}
