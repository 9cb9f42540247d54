package dev.loadgen.protocol;

import java.util.Optional;

/**
 * What the behaviour makes of a response before it is recorded: its captures and checks. Asked only for a
 * response whose status was expected; a failure (in words, for the error tables) makes the request's outcome
 * {@code check_failed}. {@code injected} is true when the request carried an injected fault: its captures
 * still count (the user goes on as it would), its checks do not.
 */
@FunctionalInterface
public interface Judge {
    Optional<String> judge(HttpReply reply, long elapsedNanos, boolean injected);

    /**
     * Whether the judge reads the body. When it does not, the body is read off the wire and dropped as it comes,
     * only counted, so a response of any size costs no memory; when it does, the body is kept up to the
     * transport's cap ({@code target.max-response-body}).
     */
    default boolean readsBody() {
        return true;
    }

    /** No captures, no checks: the body is not kept. */
    Judge NONE = new Judge() {
        @Override
        public Optional<String> judge(HttpReply reply, long elapsedNanos, boolean injected) {
            return Optional.empty();
        }

        @Override
        public boolean readsBody() {
            return false;
        }
    };

    /** Judges nothing but keeps the body (up to the cap) for whoever reads the reply: a plug-in, {@code loadgen try}. */
    Judge KEEP_BODY = (reply, elapsed, injected) -> Optional.empty();

    /** {@code judge}, with the body kept only when {@code readsBody}: for a judge that looks at the status, headers or time alone. */
    static Judge of(boolean readsBody, Judge judge) {
        if (readsBody) {
            return judge;
        }
        return new Judge() {
            @Override
            public Optional<String> judge(HttpReply reply, long elapsedNanos, boolean injected) {
                return judge.judge(reply, elapsedNanos, injected);
            }

            @Override
            public boolean readsBody() {
                return false;
            }
        };
    }
}
