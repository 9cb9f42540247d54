package bench;

import io.netty.channel.ChannelOption;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Reactor Netty HttpClient (Netty 4.2, epoll), HTTP/1.1: the user's virtual thread blocks on a Mono.
 * Pool sized to the users; {@code -Dbench.netty.workers=N} event-loop threads (default: the number of cores).
 */
final class ReactorHttp implements HttpCandidate {
  private final ConnectionProvider pool;
  private final LoopResources loops;
  private final Mono<Integer> get;
  private static final byte[] EMPTY = new byte[0];

  ReactorHttp(Settings s) {
    pool = ConnectionProvider.builder("bench")
        .maxConnections(s.users())
        .pendingAcquireMaxCount(Math.max(1024, s.users() * 2))
        .pendingAcquireTimeout(s.requestTimeout())
        .maxIdleTime(Duration.ofSeconds(120))
        .build();
    loops = LoopResources.create("bench-netty",
        Integer.getInteger("bench.netty.workers", Runtime.getRuntime().availableProcessors()), true);
    HttpClient client = HttpClient.create(pool)
        .runOn(loops)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) s.connectTimeout().toMillis())
        .responseTimeout(s.requestTimeout())
        .followRedirect(false)
        .keepAlive(true)
        .compress(false);
    // a cold Mono: every block() subscribes again and so sends a new request
    get = client.get().uri(s.url())
        .responseSingle((res, body) -> body.asByteArray().defaultIfEmpty(EMPTY).map(b -> res.status().code()));
  }

  @Override
  public User newUser() {
    return get::block;
  }

  @Override
  public void close() {
    pool.disposeLater().block(Duration.ofSeconds(5));
    loops.disposeLater().block(Duration.ofSeconds(5));
  }
}
