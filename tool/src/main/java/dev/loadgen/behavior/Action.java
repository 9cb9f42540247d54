package dev.loadgen.behavior;

/** Something a user does, by name ({@code posts.feed}): an action of the scenario, or of a Java behaviour. */
public record Action(String id) {
    @Override
    public String toString() {
        return id;
    }
}
