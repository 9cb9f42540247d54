package bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The benchmark driver: {@code Driver CANDIDATE [--url U] [--users N] [--duration S] [--ramp S] [--think S]}.
 *
 * <p>Runs N users, each on its own virtual thread, started evenly over the ramp; each loops until the end of the
 * run (duration counted from the start, ramp included): GET, read the whole body, record the latency in an
 * HdrHistogram {@link Recorder} and count the status, then sleep the think time. WebSocket candidates ({@code ws-*})
 * instead connect once, then loop: sleep the think time, send one text message, wait for its echo, record.
 * The loop is the same for every candidate; only the library differs. At the end it prints one RESULT line.
 */
public final class Driver {

  static final String HTTP = "jdk jetty apache helidon reactor raw";
  static final String WS = "ws-jdk ws-jetty";
  static final String MESSAGE = "hello-0123456789";

  private final Settings s;
  private final Recorder recorder = new Recorder(60_000_000L, 3); // microseconds, up to 60 s
  private final LongAdder[] byStatus = new LongAdder[600];
  private final LongAdder requests = new LongAdder();
  private final LongAdder ok = new LongAdder();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private volatile String firstError;
  private final LongAdder connected = new LongAdder();
  private long endNanos;

  private Driver(Settings s) {
    this.s = s;
    for (int i = 0; i < byStatus.length; i++) byStatus[i] = new LongAdder();
  }

  public static void main(String[] args) throws Exception {
    Settings s;
    try {
      s = Settings.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    new Driver(s).run();
    System.exit(0); // do not wait for library threads that linger after close()
  }

  private void run() throws Exception {
    boolean ws = s.candidate().startsWith("ws-");
    AutoCloseable candidate = ws ? wsCandidate(s) : httpCandidate(s);
    long t0 = System.nanoTime();
    endNanos = t0 + s.duration().toNanos();
    long rampNs = s.ramp().toNanos();
    List<Thread> threads = new ArrayList<>(s.users());
    Thread.Builder.OfVirtual vb = Thread.ofVirtual().name("user-", 0);
    for (int i = 0; i < s.users(); i++) {
      long startAt = t0 + rampNs * i / s.users();
      long wait;
      while ((wait = startAt - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
      Runnable body = ws ? () -> wsUser((WsCandidate) candidate) : () -> httpUser((HttpCandidate) candidate);
      threads.add(vb.start(body));
    }
    long joinDeadline = endNanos + s.requestTimeout().toNanos() + 5_000_000_000L;
    for (Thread t : threads) {
      long left = joinDeadline - System.nanoTime();
      if (left > 0) t.join(left / 1_000_000 + 1);
    }
    double elapsed = (System.nanoTime() - t0) / 1e9;
    try {
      candidate.close();
    } catch (Exception e) {
      System.err.println("close: " + e);
    }
    report(elapsed);
  }

  private void httpUser(HttpCandidate candidate) {
    HttpCandidate.User user = candidate.newUser();
    long thinkNs = s.think().toNanos();
    try {
      while (System.nanoTime() < endNanos) {
        long start = System.nanoTime();
        int status;
        try {
          status = user.get();
        } catch (Exception e) {
          error(e);
          status = -1;
        }
        long micros = (System.nanoTime() - start) / 1000;
        recorder.recordValue(Math.min(micros, 60_000_000L));
        requests.increment();
        if (status >= 0) {
          byStatus[Math.min(status, 599)].increment();
          if (status >= 200 && status < 400) ok.increment();
        }
        if (thinkNs > 0 && !sleepUntil(Math.min(System.nanoTime() + thinkNs, endNanos))) break;
      }
    } finally {
      user.close();
    }
  }

  private void wsUser(WsCandidate candidate) {
    WsCandidate.Conn conn;
    try {
      conn = candidate.connect();
      connected.increment();
    } catch (Exception e) {
      error(e);
      return;
    }
    long pauseNs = s.think().toNanos();
    long timeoutMs = s.requestTimeout().toMillis();
    try {
      while (true) {
        // like Gatling's WsSim: pause first, then send and await the echo
        if (!sleepUntil(Math.min(System.nanoTime() + pauseNs, endNanos)) || System.nanoTime() >= endNanos) break;
        long start = System.nanoTime();
        boolean good = false;
        try {
          conn.send(MESSAGE);
          String echo = conn.await(timeoutMs);
          if (echo == null) throw new TimeoutException("no echo within " + timeoutMs + " ms");
          good = MESSAGE.equals(echo);
          if (!good) error(new IllegalStateException("unexpected echo"));
        } catch (Exception e) {
          error(e);
        }
        recorder.recordValue(Math.min((System.nanoTime() - start) / 1000, 60_000_000L));
        requests.increment();
        if (good) ok.increment();
      }
    } finally {
      conn.close();
    }
  }

  /** Sleeps until the given nanoTime; false if interrupted. */
  private static boolean sleepUntil(long deadline) {
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      try {
        Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
      } catch (InterruptedException e) {
        return false;
      }
    }
    return true;
  }

  private void error(Throwable e) {
    Throwable c = e;
    while ((c instanceof java.util.concurrent.ExecutionException || c instanceof java.util.concurrent.CompletionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    errors.computeIfAbsent(c.getClass().getSimpleName(), k -> new LongAdder()).increment();
    if (firstError == null) firstError = String.valueOf(c);
  }

  private void report(double elapsed) {
    Histogram h = recorder.getIntervalHistogram();
    long n = requests.sum();
    Map<Integer, Long> statuses = new TreeMap<>();
    for (int i = 0; i < byStatus.length; i++) if (byStatus[i].sum() > 0) statuses.put(i, byStatus[i].sum());
    Map<String, Long> errs = new TreeMap<>();
    errors.forEach((k, v) -> errs.put(k, v.sum()));
    System.out.println(String.format(Locale.ROOT,
        "candidate=%s users=%d duration_s=%.1f elapsed_s=%.1f%s", s.candidate(), s.users(),
        s.duration().toNanos() / 1e9, elapsed, s.candidate().startsWith("ws-") ? " connected=" + connected.sum() : ""));
    System.out.println("statuses=" + statuses + " errors=" + errs + (firstError != null ? " first_error=" + firstError : ""));
    System.out.println(String.format(Locale.ROOT,
        "RESULT requests=%d ok=%d req_per_s=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f",
        n, ok.sum(), n / elapsed, h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
        h.getMaxValue() / 1000.0));
  }

  static HttpCandidate httpCandidate(Settings s) throws Exception {
    return switch (s.candidate()) {
      case "jdk" -> new JdkHttp(s);
      case "jetty" -> new JettyHttp(s);
      case "apache" -> new ApacheHttp(s);
      case "helidon" -> new HelidonHttp(s);
      case "reactor" -> new ReactorHttp(s);
      case "raw" -> new RawHttp(s);
      default -> throw new IllegalArgumentException("unknown candidate " + s.candidate() + "; HTTP: " + HTTP + "; WS: " + WS);
    };
  }

  static WsCandidate wsCandidate(Settings s) throws Exception {
    return switch (s.candidate()) {
      case "ws-jdk" -> new JdkWs(s);
      case "ws-jetty" -> new JettyWs(s);
      default -> throw new IllegalArgumentException("unknown candidate " + s.candidate() + "; HTTP: " + HTTP + "; WS: " + WS);
    };
  }
}
