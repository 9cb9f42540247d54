package bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * Jetty 12 HttpClient over HTTP/1.1, blocking {@code send()} on the user's virtual thread (the response is
 * buffered into a ContentResponse). One selector; {@code -Dbench.jetty.executor=vt|qtp} (vt, the default here: Jetty's
 * VirtualThreadPool; qtp: Jetty's usual QueuedThreadPool of platform threads).
 */
final class JettyHttp implements HttpCandidate {
  private final HttpClient client;
  private final Settings s;

  JettyHttp(Settings s) throws Exception {
    this.s = s;
    client = newClient(s);
    client.start();
  }

  static HttpClient newClient(Settings s) {
    ClientConnector connector = new ClientConnector();
    connector.setSelectors(Integer.getInteger("bench.jetty.selectors", 1));
    connector.setConnectTimeout(s.connectTimeout());
    connector.setIdleTimeout(Duration.ofSeconds(120));
    HttpClient c = new HttpClient(new HttpClientTransportOverHTTP(connector));
    if (!"qtp".equals(System.getProperty("bench.jetty.executor", "vt"))) {
      c.setExecutor(new VirtualThreadPool());
    } else {
      QueuedThreadPool qtp = new QueuedThreadPool(Integer.getInteger("bench.jetty.threads", 200), 4);
      qtp.setName("jetty-client");
      c.setExecutor(qtp);
    }
    c.setMaxConnectionsPerDestination(s.users());
    c.setMaxRequestsQueuedPerDestination(Math.max(1024, s.users() * 2));
    c.setFollowRedirects(false);
    c.setHttpCookieStore(new HttpCookieStore.Empty());
    c.getContentDecoderFactories().clear(); // no Accept-Encoding: gzip, like the other candidates
    c.setUserAgentField(null);
    return c;
  }

  @Override
  public User newUser() {
    long timeoutMs = s.requestTimeout().toMillis();
    return () -> {
      ContentResponse r = client.newRequest(s.url()).timeout(timeoutMs, TimeUnit.MILLISECONDS).send();
      r.getContent(); // whole body, already buffered by send()
      return r.getStatus();
    };
  }

  @Override
  public void close() throws Exception {
    client.stop();
  }
}
