package dev.loadgen.engine;

/**
 * One step of a closed-model schedule: at {@code atNanos} from the start, start or stop the user with
 * global number {@code user} (from 1; the same number in every execution segment).
 */
public record UserEvent(long atNanos, long user, Kind kind) {
    public enum Kind { START, STOP }
}
