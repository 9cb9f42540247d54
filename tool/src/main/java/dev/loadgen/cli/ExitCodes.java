package dev.loadgen.cli;

/**
 * The exit codes of DESIGN.md §1, which CI pipelines rely on, and {@link #INTERNAL_ERROR} for a bug in
 * loadgen (sysexits' EX_SOFTWARE), which is never reported as the target's fault or the user's.
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
