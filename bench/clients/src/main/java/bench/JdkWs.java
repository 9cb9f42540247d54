package bench;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** java.net.http.WebSocket: async API; the user's virtual thread blocks on the send future and on a mailbox. */
final class JdkWs implements WsCandidate {
  private final HttpClient client;
  private final Settings s;

  JdkWs(Settings s) {
    this.s = s;
    client = JdkHttp.builder(s).build();
  }

  @Override
  public Conn connect() throws Exception {
    Mailbox box = new Mailbox();
    WebSocket ws = client.newWebSocketBuilder()
        .connectTimeout(s.connectTimeout())
        .buildAsync(s.url(), box)
        .get(s.connectTimeout().plus(s.requestTimeout()).toMillis(), TimeUnit.MILLISECONDS); // connect + upgrade
    long sendTimeout = s.requestTimeout().toMillis();
    return new Conn() {
      @Override
      public void send(String text) throws Exception {
        ws.sendText(text, true).get(sendTimeout, TimeUnit.MILLISECONDS);
      }

      @Override
      public String await(long timeoutMs) throws InterruptedException {
        return box.queue.poll(timeoutMs, TimeUnit.MILLISECONDS);
      }

      @Override
      public void close() {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> null).join();
        ws.abort();
      }
    };
  }

  /** Listener: whole text messages into a small queue; demands one message at a time. */
  private static final class Mailbox implements WebSocket.Listener {
    final BlockingQueue<String> queue = new ArrayBlockingQueue<>(4);
    private StringBuilder partial;

    @Override
    public void onOpen(WebSocket ws) {
      ws.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      if (!last || partial != null) {
        if (partial == null) partial = new StringBuilder();
        partial.append(data);
        if (last) {
          queue.offer(partial.toString());
          partial = null;
        }
      } else {
        queue.offer(data.toString());
      }
      ws.request(1);
      return null;
    }
  }

  @Override
  public void close() {
    client.shutdownNow();
  }
}
