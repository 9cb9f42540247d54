package dev.loadgen.protocol;

/** Receives a WebSocket's incoming frames, on the client library's threads: keep the work short. */
public interface WsListener {
    /**
     * Handles a text frame; returns its type ({@code message}, {@code joined}, ...), which the transport
     * counts frames and names spans by. Only the caller knows the frames' format.
     */
    String onText(String text);

    /** The socket closed (by either side, or because the connection broke: {@code code} 1006). */
    default void onClose(int code, String reason) {}
}
