package dev.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs simulated users' work one after another, or all at once, for tests that compare the two. */
public final class UserRuns {
    private UserRuns() {}

    /**
     * Runs every user: in order, or each on its own virtual thread (started in reverse order, so the
     * schedule differs from the sequential one). A user's failure (a failed assertion) fails the call.
     */
    public static void runAll(Runnable[] users, boolean parallel) throws InterruptedException, ExecutionException {
        if (!parallel) {
            for (Runnable r : users) {
                r.run();
            }
            return;
        }
        List<Future<?>> running = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int u = users.length - 1; u >= 0; u--) {
                running.add(pool.submit(users[u]));
            }
        }
        for (Future<?> f : running) {
            f.get();
        }
    }
}
