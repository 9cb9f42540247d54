package dev.loadgen.chaos;

import dev.loadgen.config.ChaosConfig;

/**
 * What a correct target does about each injected fault. An injected fault is never the target's error;
 * what it does in return is judged here: a 401 after a forged token is the expected reaction, a 500 is
 * not, and neither is a 200 (the corrupt request was accepted).
 */
public final class Reactions {
    private Reactions() {}

    /**
     * Whether an HTTP request's reply is the expected reaction to its fault.
     *
     * @param status     the status received, 0 when none
     * @param ordinaryOk whether the status would have been a success for this request without the fault
     */
    public static boolean expected(ChaosConfig.Fault fault, int status, boolean ordinaryOk) {
        return switch (fault.kind()) {
            case ABORT -> status == 0;
            case MALFORMED_JSON -> status == 400 || status == 422;
            // a server may answer 413 while reading, or close the connection on the rest of the upload
            case OVERSIZED_BODY -> status == 413 || status == 400;
            case EXPIRED_TOKEN, FORGED_TOKEN -> status == 401;
            case SERVER_ABORT -> status == fault.status();
            case SLOW_UPLOAD -> ordinaryOk || status == 408;
            case DELAY, SERVER_DELAY -> ordinaryOk;
            // WebSocket faults are judged by what became of the socket, see below
            case WS_DROP, WS_STALL, RECONNECT_BURST -> ordinaryOk;
        };
    }

    /** A reconnect of a burst: opened (101), or turned away politely (429, 503) by a server shedding load. */
    public static boolean expectedHandshake(int status) {
        return status == 101 || status == 429 || status == 503;
    }
}
