package dev.loadgen.cli;

/** The exit codes of DESIGN.md §1, which CI pipelines rely on. */
final class ExitCodes {
    static final int OK = 0;
    static final int THRESHOLD_FAILED = 1;
    static final int BAD_USAGE = 2;
    static final int ABORTED = 3;
    static final int INTERRUPTED = 130;

    private ExitCodes() {}
}
