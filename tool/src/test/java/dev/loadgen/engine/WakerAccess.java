package dev.loadgen.engine;

/** For tests outside this package: what the {@link Waker} tells a user it resumes, and what the engine asks of it. */
public final class WakerAccess {
    private WakerAccess() {}

    /** As the waker does when it resumes {@code ctx}: its step was meant to begin at {@code nanos}. */
    public static void wokenFor(UserContext ctx, long nanos) {
        ctx.wokenFor = nanos;
    }

    /** As the engine does at the end of the load: the user is asked to stop. */
    public static void stop(UserContext ctx) {
        ctx.requestStop();
    }
}
