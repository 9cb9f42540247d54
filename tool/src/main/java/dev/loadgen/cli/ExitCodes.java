package dev.loadgen.cli;

/**
 * The exit codes of DESIGN.md §1, which CI pipelines rely on, and {@link #INTERNAL_ERROR} for loadgen's own failure
 * (sysexits' EX_SOFTWARE): a bug, or the JVM out of memory; never reported as the target's fault or the user's, nor
 * as a failed threshold. A failure during the load still writes the results so far ({@link InternalFailure}).
 */
final class ExitCodes {
    static final int OK = 0;
    static final int THRESHOLD_FAILED = 1;
    static final int BAD_USAGE = 2;
    static final int ABORTED = 3;
    static final int INTERNAL_ERROR = 70;
    static final int INTERRUPTED = 130;

    private ExitCodes() {}
}
