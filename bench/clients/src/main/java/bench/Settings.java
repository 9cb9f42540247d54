package bench;

import java.net.URI;
import java.time.Duration;

/** Command-line settings shared by every candidate (the same for all, so only the library differs). */
record Settings(String candidate, URI url, int users, Duration duration, Duration ramp, Duration think,
                Duration connectTimeout, Duration requestTimeout) {

  static Settings parse(String[] args) {
    if (args.length == 0) {
      throw new IllegalArgumentException("usage: Driver CANDIDATE [--url U] [--users N] [--duration S] [--ramp S]"
          + " [--think S] [--connect-timeout S] [--timeout S]\n  HTTP candidates: " + Driver.HTTP
          + "\n  WebSocket candidates: " + Driver.WS);
    }
    String cand = args[0];
    String url = cand.startsWith("ws-") ? "ws://127.0.0.1:8081/" : "http://127.0.0.1:8080/index.html";
    int users = 50;
    double dur = 20, ramp = 0, think = 0, connect = 10, timeout = 10; // Gatling's default connect timeout is 10 s too
    for (int i = 1; i < args.length; i += 2) {
      String k = args[i];
      if (i + 1 >= args.length) throw new IllegalArgumentException("missing value after " + k);
      String v = args[i + 1];
      switch (k) {
        case "--url" -> url = v;
        case "--users" -> users = Integer.parseInt(v);
        case "--duration" -> dur = Double.parseDouble(v);
        case "--ramp" -> ramp = Double.parseDouble(v);
        case "--think" -> think = Double.parseDouble(v);
        case "--connect-timeout" -> connect = Double.parseDouble(v);
        case "--timeout" -> timeout = Double.parseDouble(v);
        default -> throw new IllegalArgumentException("unknown option " + k);
      }
    }
    if (users < 1) throw new IllegalArgumentException("--users must be >= 1");
    return new Settings(cand, URI.create(url), users, secs(dur), secs(ramp), secs(think), secs(connect), secs(timeout));
  }

  private static Duration secs(double s) {
    return Duration.ofNanos((long) (s * 1e9));
  }
}
