package bench;

/** One WebSocket client library under test: a blocking connect, then send one text frame and await its echo. */
interface WsCandidate extends AutoCloseable {

  /** Opens one WebSocket connection (blocking, on the user's virtual thread). */
  Conn connect() throws Exception;

  @Override
  void close() throws Exception;

  interface Conn {
    /** Sends one whole text message and waits until the library has written it. */
    void send(String text) throws Exception;

    /** Waits for the next whole text message; null after timeoutMs. */
    String await(long timeoutMs) throws Exception;

    void close();
  }
}
