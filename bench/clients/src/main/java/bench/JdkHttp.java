package bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;

/**
 * java.net.http.HttpClient, HTTP/1.1, synchronous {@code send} on the user's virtual thread.
 * Its pool is unbounded (jdk.httpclient.connectionPoolSize=0), so a blocking user holds at most one connection.
 * {@code -Dbench.jdk.executor=vt|default|direct}: the executor that runs the client's response-processing tasks
 * (vt, the default here: a new virtual thread per task; default: the client's own cached pool of platform threads;
 * direct: run them on the client's selector thread).
 */
final class JdkHttp implements HttpCandidate {
  private final HttpClient client;
  private final HttpRequest request;

  JdkHttp(Settings s) {
    client = builder(s).build();
    request = HttpRequest.newBuilder(s.url()).timeout(s.requestTimeout()).GET().build(); // immutable, shared
  }

  static HttpClient.Builder builder(Settings s) {
    HttpClient.Builder b = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(s.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .proxy(HttpClient.Builder.NO_PROXY);
    switch (System.getProperty("bench.jdk.executor", "vt")) {
      case "vt" -> b.executor(Executors.newVirtualThreadPerTaskExecutor());
      case "direct" -> b.executor(Runnable::run);
      default -> { } // "default": the client's own cached pool of platform threads
    }
    return b;
  }

  @Override
  public User newUser() {
    return () -> client.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
  }

  @Override
  public void close() {
    client.shutdownNow();
  }
}
