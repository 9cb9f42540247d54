package dev.loadgen.cli;

import dev.loadgen.config.Values;
import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A failure of loadgen itself while the load runs: the JVM out of memory (in a user, in the HTTP client, on any
 * thread), or an exception that escaped a thread of loadgen's own. The first one is said in one line, stops the load
 * at once (users are cut off: there is no room to let them finish their actions), and makes the run write what it
 * gathered, marked aborted for an internal error, and exit {@link ExitCodes#INTERNAL_ERROR}. The users cut off let go
 * of what they held, which leaves room to write the results. (A spare block of heap let go at the failure was tried:
 * 16 MB cost 30 MB of RSS in every run, as the serial collector copies it out of the young generation.)
 *
 * <p>A user's own exception (a bug in a behaviour) is not one: that user is counted as failed and the run goes on.
 */
final class InternalFailure implements Thread.UncaughtExceptionHandler {
    private final AtomicReference<Throwable> first = new AtomicReference<>();
    private final PrintStream err;
    private volatile Runnable stop = () -> { };

    InternalFailure(PrintStream err) {
        this.err = err;
    }

    /** What stops the load when the failure comes. */
    void onFailure(Runnable stopLoad) {
        this.stop = stopLoad;
    }

    /** Reports a failure of loadgen's in {@code where} (a user, a thread); only the first one counts. */
    void report(String where, Throwable error) {
        if (!first.compareAndSet(null, error)) {
            return;
        }
        err.println();
        err.println(describe(where, error, Runtime.getRuntime().maxMemory()));
        if (!(error instanceof OutOfMemoryError)) {
            error.printStackTrace(err);
        }
        stop.run();
    }

    @Override
    public void uncaughtException(Thread thread, Throwable error) {
        report("thread " + thread.getName(), error);
    }

    Optional<Throwable> failure() {
        return Optional.ofNullable(first.get());
    }

    /** The line that says what failed and what to do, the heap's ceiling named when it is memory. */
    static String describe(String where, Throwable error, long maxHeapBytes) {
        if (error instanceof OutOfMemoryError) {
            return "loadgen: internal error: out of memory (" + error.getMessage() + ", heap ceiling " + Values.formatBytes(maxHeapBytes) + ") in "
                    + where + "; the load is stopped and the results so far are written. Give loadgen more memory "
                    + "(LOADGEN_JAVA_OPTS=-XX:MaxRAMPercentage=75 or -Xmx4g, or a larger container), or run fewer users per instance (--segment)";
        }
        return "loadgen: internal error in " + where + " (a bug in loadgen; please report it with this trace): " + error
                + "; the load is stopped and the results so far are written";
    }
}
