package dev.loadgen.report;

/** A results folder that cannot be read (or several that cannot be merged); the message is the whole one-line explanation, with the fix. */
public final class ResultsException extends RuntimeException {
    public ResultsException(String message) {
        super(message);
    }
}
