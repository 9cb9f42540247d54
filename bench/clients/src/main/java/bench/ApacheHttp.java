package bench;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.Timeout;

/**
 * Apache HttpClient 5 classic: blocking socket I/O on the user's virtual thread, pooled connections
 * (max per route = max total = users), no retries, no redirects, no cookies, no content compression.
 * {@code -Dbench.apache.pool=strict|lax} (strict, the library's default and faster in our trial runs; lax: per-route
 * pools without a global limit).
 */
final class ApacheHttp implements HttpCandidate {
  private final CloseableHttpClient client;
  private final Settings s;

  ApacheHttp(Settings s) {
    this.s = s;
    Timeout connect = Timeout.of(s.connectTimeout());
    Timeout response = Timeout.of(s.requestTimeout());
    PoolingHttpClientConnectionManager cm = PoolingHttpClientConnectionManagerBuilder.create()
        .setMaxConnTotal(s.users())
        .setMaxConnPerRoute(s.users())
        .setPoolConcurrencyPolicy("lax".equals(System.getProperty("bench.apache.pool"))
            ? PoolConcurrencyPolicy.LAX : PoolConcurrencyPolicy.STRICT)
        .setConnPoolPolicy(PoolReusePolicy.LIFO)
        .setDefaultConnectionConfig(ConnectionConfig.custom()
            .setConnectTimeout(connect)
            .setSocketTimeout(response)
            .build())
        .build();
    client = HttpClients.custom()
        .setConnectionManager(cm)
        .setDefaultRequestConfig(RequestConfig.custom()
            .setConnectionRequestTimeout(response)
            .setResponseTimeout(response)
            .build())
        .disableAutomaticRetries()
        .disableRedirectHandling()
        .disableCookieManagement()
        .disableAuthCaching()
        .disableContentCompression()
        .build();
  }

  @Override
  public User newUser() {
    return () -> client.execute(new HttpGet(s.url()), response -> {
      EntityUtils.toByteArray(response.getEntity()); // whole body; the handler releases the connection to the pool
      return response.getCode();
    });
  }

  @Override
  public void close() throws Exception {
    client.close();
  }
}
