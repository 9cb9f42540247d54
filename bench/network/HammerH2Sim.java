package bench;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.*;
import io.gatling.javaapi.http.*;
import java.time.Duration;

/**
 * Scenario A of the shared harness over HTTP/2 (bench/network.sh): its HammerSim with {@code enableHttp2()}, USERS users
 * (one connection each, as Gatling gives every virtual user its own), no pauses, GET for DURATION s. Gatling speaks h2
 * only over TLS, chosen by ALPN, and falls back to HTTP/1.1 when the server does not offer it; network.sh checks in
 * nginx's log that it did not. Gatling trusts every certificate by default, the script's test certificate included.
 */
public class HammerH2Sim extends Simulation {
  static final int USERS = Integer.getInteger("users", 50);
  static final int DURATION = Integer.getInteger("duration", 20);
  static final String URL = System.getProperty("url", "https://127.0.0.1:18442");

  HttpProtocolBuilder proto = http.baseUrl(URL)
      .enableHttp2()
      .disableWarmUp()      // default warm-up would call an outside host
      .disableCaching();    // otherwise Gatling sends If-None-Match and gets 304s; wrk never does

  ScenarioBuilder scn = scenario("hammer")
      .during(Duration.ofSeconds(DURATION)).on(exec(http("get").get("/index.html")));

  {
    setUp(scn.injectClosed(constantConcurrentUsers(USERS).during(Duration.ofSeconds(DURATION))))
        .protocols(proto)
        .maxDuration(Duration.ofSeconds(DURATION + 5));
  }
}
