package dev.loadgen.engine;

/** What one simulated user does, until it is done or asked to stop. */
@FunctionalInterface
public interface UserBody {
    /** The user's whole life, on the calling thread, waiting on the context's clock in between. */
    void run(UserContext ctx) throws Exception;

    /**
     * A body whose user holds no thread while it waits. Its life is a series of steps; the engine runs each step on a
     * virtual thread of its own and keeps the wait between two steps as a time in its {@link Waker}, not as a parked
     * thread. A parked virtual thread keeps its stack (a chunk of 1-3 KB on the heap, as deep as where it waits) and its
     * timer; a user who thinks for minutes then costs only its own state, and one hand-off fewer per step. Its
     * {@link #run} is the same steps on the calling thread, waiting on the clock in between.
     */
    interface Stepped extends UserBody {
        /** What {@link Journey#step()} returns when the user is done. */
        long DONE = Long.MIN_VALUE;

        /** The user's journey; nothing runs until its first step. */
        Journey begin(UserContext ctx);
    }

    /** One user's life, a step at a time. Steps never overlap: each begins after the one before has returned. */
    @FunctionalInterface
    interface Journey {
        /**
         * Runs until the user next waits and returns the clock time to go on at, or {@link Stepped#DONE}. The next step
         * comes at that time, or sooner once the user is asked to stop ({@link UserContext#stopping()}), so a step
         * that follows a wait looks at {@code stopping()} first.
         */
        long step() throws Exception;
    }
}
