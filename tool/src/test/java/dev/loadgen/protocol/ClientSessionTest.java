package dev.loadgen.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.time.Clock;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each user's own connections and cookies, as a browser's, over real sockets; and the pool all users share. */
class ClientSessionTest {
    /**
     * The idle timeout under test, and how long /slow takes to answer: twice that, and well inside the request's
     * own timeout. Long enough that two requests sent back to back on a busy machine stay on one connection.
     */
    private static final Duration IDLE = Duration.ofMillis(1500);
    private static final Duration SLOW = IDLE.multipliedBy(2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private Server server;
    private URI base;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final Metrics metrics = new Metrics();
    private JettyHttpTransport http;
    private ServerConnector connector;
    private EndpointMeter meter;

    @BeforeEach
    void start() throws Exception {
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract(Handler.Abstract.InvocationType.BLOCKING) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String path = Request.getPathInContext(request);
                if (path.equals("/slow")) {
                    Thread.sleep(SLOW.toMillis());
                }
                seen.add(path + " port=" + Request.getRemotePort(request) + " cookie=" + request.getHeaders().get("Cookie"));
                if (path.equals("/login")) {
                    response.getHeaders().add("Set-Cookie", "sid=" + request.getHeaders().get("X-User") + "; Path=/app; HttpOnly");
                    response.getHeaders().add("Set-Cookie", "gone=1; Path=/; Max-Age=0");
                }
                response.write(true, ByteBuffer.wrap("ok".getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
        meter = metrics.endpoint("t", "GET /", "GET");
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        server.stop();
    }

    private void get(String path, ClientSession session, String user) throws InterruptedException {
        http.send(new HttpCall(meter, "GET", base.resolve(path), new String[] {"X-User", user}, HttpCall.NO_BODY, HttpCall.ANY_SUCCESS,
                System.nanoTime(), WireFault.NONE, HttpCall.JSON, session, Judge.NONE));
    }

    @Test
    void each_user_keeps_its_own_cookies_by_path_and_its_own_connection() throws Exception {
        http = new JettyHttpTransport(metrics, new HostPolicy(Set.of()),
                new JettyHttpTransport.Settings(Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(60), 2, "loadgen/test", true), Clock.SYSTEM);
        ClientSession ann = ClientSession.of(1);
        ClientSession bob = ClientSession.of(2);
        get("/login", ann, "ann");
        get("/login", bob, "bob");
        get("/app/x", ann, "ann");
        get("/app/x", bob, "bob");
        get("/other", ann, "ann");
        assertThat(seen.get(2)).endsWith("cookie=sid=ann");
        assertThat(seen.get(3)).endsWith("cookie=sid=bob");
        assertThat(seen.get(4)).as("the cookie's path is /app").endsWith("cookie=null");
        // each user on its own connection, kept alive between its requests
        assertThat(port(0)).isEqualTo(port(2)).isEqualTo(port(4)).isNotEqualTo(port(1));
        assertThat(port(1)).isEqualTo(port(3));
        ann.clearCookies();
        get("/app/y", ann, "ann");
        assertThat(seen.get(5)).as("a new session starts without cookies").endsWith("cookie=null");
    }

    @Test
    void a_users_unused_connection_is_closed_after_the_idle_timeout_but_not_while_it_waits_for_an_answer() throws Exception {
        http = new JettyHttpTransport(metrics, new HostPolicy(Set.of()),
                new JettyHttpTransport.Settings(REQUEST_TIMEOUT, Duration.ofSeconds(2), IDLE, 2, "loadgen/test", true), Clock.SYSTEM);
        ClientSession ann = ClientSession.of(1);
        get("/slow", ann, "ann");   // longer to answer than the idle timeout, shorter than the request's timeout
        assertThat(meter.outcome(dev.loadgen.metrics.Outcome.OK)).isEqualTo(1);
        get("/a", ann, "ann");
        assertThat(port(1)).as("kept alive between requests close together").isEqualTo(port(0));
        long deadline = System.nanoTime() + REQUEST_TIMEOUT.toNanos();
        while (!connector.getConnectedEndPoints().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(connector.getConnectedEndPoints()).as("closed after " + IDLE.toMillis() + " ms unused").isEmpty();
        get("/b", ann, "ann");
        assertThat(port(2)).as("a new connection for the next request").isNotEqualTo(port(1));
        assertThat(meter.outcome(dev.loadgen.metrics.Outcome.OK)).isEqualTo(3);
    }

    @Test
    void the_shared_pool_keeps_no_cookies() throws Exception {
        http = new JettyHttpTransport(metrics, new HostPolicy(Set.of()),
                new JettyHttpTransport.Settings(Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(60), 2, "loadgen/test", false), Clock.SYSTEM);
        get("/login", ClientSession.SHARED, "ann");
        get("/app/x", ClientSession.SHARED, "ann");
        assertThat(seen.get(1)).endsWith("cookie=null");
    }

    private String port(int i) {
        String s = seen.get(i);
        return s.substring(s.indexOf("port="), s.indexOf(" cookie="));
    }
}
