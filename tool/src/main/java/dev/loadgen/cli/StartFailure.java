package dev.loadgen.cli;

/** A run that could not start (a target unreachable, a host refused, an account pool that could not be signed up): one line and exit code 3. */
final class StartFailure extends Exception {
    StartFailure(String message) {
        super(message, null, false, false);
    }
}
