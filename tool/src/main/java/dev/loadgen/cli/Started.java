package dev.loadgen.cli;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The one record of what a run started (ports, servers, the demo, clients), closed in the reverse order, so
 * that whatever stage a run stops at, everything it started is released, and nothing it did not start is
 * touched. What failed to close is said on the run's error stream.
 */
final class Started implements AutoCloseable {
    private final Deque<Named> started = new ArrayDeque<>();
    private final PrintStream err;

    private record Named(String what, AutoCloseable thing) {}

    Started(PrintStream err) {
        this.err = err;
    }

    <T extends AutoCloseable> T add(String what, T thing) {
        started.push(new Named(what, thing));
        return thing;
    }

    /** What has been started so far, oldest first (for tests that check nothing was). */
    List<String> names() {
        List<String> out = new ArrayList<>();
        started.descendingIterator().forEachRemaining(n -> out.add(n.what()));
        return out;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            Named n = started.pop();
            try {
                n.thing().close();
            } catch (Exception e) {
                err.println("loadgen: warning: " + n.what() + " did not close cleanly: " + e);
            }
        }
    }
}
