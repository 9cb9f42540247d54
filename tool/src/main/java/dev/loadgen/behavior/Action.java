package dev.loadgen.behavior;

/** Something a user does, named {@code service.verb} ({@code posts.feed}), with its weight when none is configured. */
public record Action(String service, String verb, double defaultWeight) {
    public String id() {
        return service + "." + verb;
    }

    @Override
    public String toString() {
        return id();
    }
}
