package dev.loadgen.report;

/** Results folders that cannot be merged; the message is the whole one-line explanation, with the fix. */
public final class MergeException extends RuntimeException {
    public MergeException(String message) {
        super(message);
    }
}
