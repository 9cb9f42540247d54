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

    Judge NONE = (reply, elapsed, injected) -> Optional.empty();
}
