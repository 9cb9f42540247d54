package bench;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Jetty 12 WebSocketClient (jetty-websocket-jetty-client) on a Jetty HttpClient configured as in {@link JettyHttp};
 * auto-demanding listener; the user's virtual thread blocks on a Callback.Completable and on a mailbox.
 */
public final class JettyWs implements WsCandidate {
  private final HttpClient http;
  private final WebSocketClient client;
  private final Settings s;

  JettyWs(Settings s) throws Exception {
    this.s = s;
    http = JettyHttp.newClient(s);
    client = new WebSocketClient(http);
    client.setIdleTimeout(Duration.ofSeconds(120));
    client.setConnectTimeout(s.connectTimeout().toMillis());
    client.start();
  }

  @Override
  public Conn connect() throws Exception {
    Mailbox box = new Mailbox();
    Session session = client.connect(box, s.url())
        .get(s.connectTimeout().plus(s.requestTimeout()).toMillis(), TimeUnit.MILLISECONDS); // connect + upgrade
    long sendTimeout = s.requestTimeout().toMillis();
    return new Conn() {
      @Override
      public void send(String text) throws Exception {
        Callback.Completable done = new Callback.Completable();
        session.sendText(text, done);
        done.get(sendTimeout, TimeUnit.MILLISECONDS);
      }

      @Override
      public String await(long timeoutMs) throws InterruptedException {
        return box.queue.poll(timeoutMs, TimeUnit.MILLISECONDS);
      }

      @Override
      public void close() {
        session.close();
      }
    };
  }

  /** Whole text messages into a small queue (public: Jetty binds the listener's methods through method handles). */
  public static final class Mailbox implements Session.Listener.AutoDemanding {
    final BlockingQueue<String> queue = new ArrayBlockingQueue<>(4);

    @Override
    public void onWebSocketText(String message) {
      queue.offer(message);
    }
  }

  @Override
  public void close() throws Exception {
    client.stop();
    http.stop();
  }
}
