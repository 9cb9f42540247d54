package bench;

import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;

/**
 * Helidon 4 WebClient, HTTP/1.1 (only helidon-webclient-http1 on the class path): blocking socket I/O on the
 * calling virtual thread, connections kept in a per-client cache sized to the users.
 */
final class HelidonHttp implements HttpCandidate {
  private final WebClient client;
  private final Settings s;

  HelidonHttp(Settings s) {
    this.s = s;
    client = WebClient.builder()
        .connectTimeout(s.connectTimeout())
        .readTimeout(s.requestTimeout())
        .followRedirects(false)
        .keepAlive(true)
        .shareConnectionCache(false)
        .connectionCacheSize(s.users()) // default 256 per destination: above that, connections are closed after use
        .build();
  }

  @Override
  public User newUser() {
    String url = s.url().toString();
    return () -> {
      try (HttpClientResponse r = client.get(url).request()) {
        r.as(byte[].class); // whole body; close() hands the connection back to the cache
        return r.status().code();
      }
    };
  }

  @Override
  public void close() {
    client.closeResource();
  }
}
