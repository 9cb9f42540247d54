package dev.loadgen.protocol;

/** An open WebSocket. Sending never blocks the user: frames are queued by the client library. */
public interface WsSession extends AutoCloseable {
    /**
     * Sends a text frame; false if the socket is no longer open.
     *
     * @param type what the frame is ({@code join}, {@code message}, ...): frames are counted and spans named by it
     */
    boolean send(String type, String text);

    boolean isOpen();

    /** Closes with a normal close frame. */
    @Override
    void close();

    /** Drops the connection without a close frame, as a phone losing its network would. */
    void drop();
}
