package dev.loadgen.protocol;

/** A request to a host outside the allow-list; nothing was sent. */
public final class HostRefusedException extends RuntimeException {
    public HostRefusedException(String message) {
        super(message);
    }
}
