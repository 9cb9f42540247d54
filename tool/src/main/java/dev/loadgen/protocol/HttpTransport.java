package dev.loadgen.protocol;

/**
 * Sends requests for the simulated users, blocking the calling virtual thread until the whole response
 * has arrived, and records each exchange. One instance is shared by all users; each user's requests go
 * over a kept-alive connection of the shared pool.
 */
public interface HttpTransport extends AutoCloseable {
    /**
     * Sends, waits, records. Never throws for the target's failures (they become outcomes); throws
     * {@link InterruptedException} when the user's thread is interrupted, after recording the request as
     * interrupted.
     */
    HttpReply send(HttpCall call) throws InterruptedException;

    @Override
    void close();
}
