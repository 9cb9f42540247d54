package bench;

/**
 * One HTTP client library under test. {@link #newUser()} is called once per simulated user (on its virtual
 * thread); the returned {@link User} does one blocking GET per call, reads the whole body and returns the status.
 */
interface HttpCandidate extends AutoCloseable {

  /** Per-user handle; most candidates return one shared instance, the raw socket keeps its own connection. */
  User newUser();

  @Override
  void close() throws Exception;

  interface User {
    /** GET the URL, read the whole body, return the status code; throws on I/O error or timeout. */
    int get() throws Exception;

    default void close() {}
  }
}
