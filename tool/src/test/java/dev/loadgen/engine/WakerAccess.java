package dev.loadgen.engine;

/** For tests outside this package: what the {@link Waker} tells a user it resumes. */
public final class WakerAccess {
    private WakerAccess() {}

    /** As the waker does when it resumes {@code ctx}: its step was meant to begin at {@code nanos}. */
    public static void wokenFor(UserContext ctx, long nanos) {
        ctx.wokenFor = nanos;
    }
}
