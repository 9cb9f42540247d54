package dev.loadgen.cli;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/**
 * Ctrl-C: the first stops the run gracefully (results are still written, exit code 130); the second
 * stops every user at once. Handled as a signal rather than a shutdown hook, so the JVM stays up to
 * write the results.
 */
final class Signals {
    private final AtomicInteger count = new AtomicInteger();
    private final PrintStream err;

    Signals(PrintStream err) {
        this.err = err;
    }

    interface Target {
        void stop();

        void abort();

        /** What the first Ctrl-C says before {@link #stop()} (nothing when empty). */
        default String stopNotice() {
            return "stopping (users finish their current action; Ctrl-C again to stop at once)";
        }
    }

    boolean interrupted() {
        return count.get() > 0;
    }

    void install(Target target) {
        try {
            Signal.handle(new Signal("INT"), sig -> {
                if (count.incrementAndGet() == 1) {
                    if (!target.stopNotice().isEmpty()) {
                        err.println("\nloadgen: " + target.stopNotice());
                    }
                    target.stop();
                } else {
                    err.println("\nloadgen: stopping now");
                    target.abort();
                }
            });
            Signal.handle(new Signal("TERM"), sig -> {
                count.incrementAndGet();
                target.stop();
            });
        } catch (IllegalArgumentException e) {
            // no signals on this platform: Ctrl-C ends the JVM, as usual
        }
    }
}
