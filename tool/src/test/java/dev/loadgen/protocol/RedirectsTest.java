package dev.loadgen.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadgen.config.NetworkConfig;
import dev.loadgen.config.TargetConfig;
import dev.loadgen.config.TlsConfig;
import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.Outcome;
import dev.loadgen.time.Clock;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code redirects: N} against a Jetty server that redirects: chains followed hop by hop in loadgen's loop, each hop its own
 * request; loops cut after N; hops off the allow-list refused; methods changed as browsers change them.
 */
class RedirectsTest {
    static Server server;
    static URI base;
    /** What the server was asked, one line per request: {@code POST /form body=a=1 type=...}. */
    static final List<String> SEEN = new CopyOnWriteArrayList<>();
    static JettyHttpTransport follow3;
    static JettyHttpTransport off;
    static final Metrics METRICS = new Metrics();

    @BeforeAll
    static void start() throws Exception {
        server = new Server();
        ServerConnector c = new ServerConnector(server);
        c.setHost("127.0.0.1");
        c.setPort(0);
        server.addConnector(c);
        server.setHandler(new Handler.Abstract(Handler.Abstract.InvocationType.BLOCKING) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String path = Request.getPathInContext(request);
                String body = org.eclipse.jetty.io.Content.Source.asString(request, StandardCharsets.UTF_8);
                Fields query = Request.extractQueryParameters(request);
                SEEN.add(request.getMethod() + " " + path + (body.isEmpty() ? "" : " body=" + body)
                        + " type=" + request.getHeaders().get("Content-Type") + " auth=" + request.getHeaders().get("Authorization")
                        + " cookie=" + request.getHeaders().get("Cookie"));
                switch (path) {
                    // a chain of three: absolute, relative to the path, relative to the root; a cookie set on the way
                    case "/a" -> redirect(response, 302, base.resolve("/b").toString(), callback, "step=a");
                    case "/b" -> redirect(response, 301, "c?x=1", callback, null);
                    case "/c" -> redirect(response, 307, "/done", callback, null);
                    case "/loop" -> redirect(response, 302, "/loop", callback, null);
                    case "/away" -> redirect(response, 302, "http://example.com/phish", callback, null);
                    case "/cross" -> redirect(response, 302, "http://localhost:" + base.getPort() + "/done", callback, null);
                    case "/see-other" -> redirect(response, Integer.parseInt(query.getValue("status")), "/done", callback, null);
                    default -> {
                        response.setStatus(200);
                        response.write(true, ByteBuffer.wrap(("{\"at\":\"" + path + "\"}").getBytes(StandardCharsets.UTF_8)), callback);
                    }
                }
                return true;
            }

            private void redirect(Response response, int status, String location, Callback callback, String cookie) {
                response.setStatus(status);
                response.getHeaders().put("Location", location);
                if (cookie != null) {
                    Response.addCookie(response, HttpCookie.from(cookie.split("=")[0], cookie.split("=")[1]));
                }
                response.write(true, ByteBuffer.wrap("moved".getBytes(StandardCharsets.UTF_8)), callback);
            }
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + c.getLocalPort());
        follow3 = transport(3);
        off = transport(0);
    }

    static JettyHttpTransport transport(int redirects) {
        NetworkConfig network = new NetworkConfig(TlsConfig.DEFAULT, NetworkConfig.Http.H1, NetworkConfig.Proxy.NONE, false, redirects);
        return new JettyHttpTransport(METRICS, new HostPolicy(Set.of()), new JettyHttpTransport.Settings(Duration.ofSeconds(10),
                Duration.ofSeconds(1), Duration.ofSeconds(60), 4, "loadgen/test", false, TargetConfig.DEFAULT_MAX_RESPONSE_BODY,
                new Networks(network, Map.of(), Map.of())), Clock.SYSTEM);
    }

    @AfterAll
    static void stop() throws Exception {
        follow3.close();
        off.close();
        server.stop();
    }

    static HttpCall call(EndpointMeter m, String method, String path, byte[] body, AtomicReference<String> judged, ClientSession session,
                         String... headers) {
        return new HttpCall(m, method, base.resolve(path), headers, body, HttpCall.ANY_SUCCESS, System.nanoTime(), WireFault.NONE,
                "application/x-www-form-urlencoded", session, (reply, elapsed, injected) -> {
                    judged.set(reply.status() + " " + reply.text());
                    return Optional.empty();
                });
    }

    private static List<String> seenSince(int from) {
        return List.copyOf(SEEN.subList(from, SEEN.size()));
    }

    @Test
    void a_chain_is_followed_hop_by_hop_each_hop_its_own_request_and_the_last_response_judged() throws Exception {
        EndpointMeter m = METRICS.endpoint("t", "GET /a", "GET");
        AtomicReference<String> judged = new AtomicReference<>();
        int from = SEEN.size();
        HttpReply r = follow3.send(call(m, "GET", "/a", HttpCall.NO_BODY, judged, ClientSession.of(1)));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.outcome()).isEqualTo(Outcome.OK);
        assertThat(judged.get()).isEqualTo("200 {\"at\":\"/done\"}");
        // the cookie the first hop set went with the next ones: the user's session applies on each hop
        assertThat(seenSince(from)).containsExactly(
                "GET /a type=null auth=null cookie=null",
                "GET /b type=null auth=null cookie=step=a",
                "GET /c type=null auth=null cookie=step=a",
                "GET /done type=null auth=null cookie=step=a");
        assertThat(m.status(302)).isEqualTo(1);
        assertThat(m.count()).isEqualTo(1);
        assertThat(METRICS.endpoint("t", "GET /a (redirect 1)", "GET").status(301)).isEqualTo(1);
        assertThat(METRICS.endpoint("t", "GET /a (redirect 2)", "GET").status(307)).isEqualTo(1);
        EndpointMeter last = METRICS.endpoint("t", "GET /a (redirect 3)", "GET");
        assertThat(last.status(200)).isEqualTo(1);
        assertThat(last.outcome(Outcome.OK)).isEqualTo(1);
        assertThat(last.bodyBytes()).isEqualTo("{\"at\":\"/done\"}".length());
    }

    @Test
    void a_loop_ends_after_n_hops_as_a_counted_error_that_says_where_it_was_going() throws Exception {
        EndpointMeter m = METRICS.endpoint("t", "GET /loop", "GET");
        AtomicReference<String> judged = new AtomicReference<>();
        int from = SEEN.size();
        HttpReply r = follow3.send(call(m, "GET", "/loop", HttpCall.NO_BODY, judged, ClientSession.SHARED));
        assertThat(r.outcome()).isEqualTo(Outcome.HTTP_ERROR);
        assertThat(r.status()).isEqualTo(302);
        assertThat(judged.get()).isNull();
        // the first request and three hops were sent; the fourth hop was not
        assertThat(seenSince(from)).hasSize(4);
        EndpointMeter third = METRICS.endpoint("t", "GET /loop (redirect 3)", "GET");
        assertThat(third.count(302, Outcome.HTTP_ERROR)).isEqualTo(1);
        assertThat(third.errorTexts()).containsOnlyKeys("redirected more than 3 times; last Location " + base.resolve("/loop") + " (redirects: 3)");
        assertThat(METRICS.endpoint("t", "GET /loop (redirect 2)", "GET").outcome(Outcome.OK)).isEqualTo(1);
    }

    @Test
    void a_redirect_off_the_allow_list_is_not_sent_and_is_counted() throws Exception {
        EndpointMeter m = METRICS.endpoint("t", "GET /away", "GET");
        AtomicReference<String> judged = new AtomicReference<>();
        HttpReply r = follow3.send(call(m, "GET", "/away", HttpCall.NO_BODY, judged, ClientSession.SHARED));
        assertThat(r.outcome()).isEqualTo(Outcome.HTTP_ERROR);
        assertThat(judged.get()).isNull();
        assertThat(m.count(302, Outcome.HTTP_ERROR)).isEqualTo(1);
        assertThat(m.errorTexts().keySet()).singleElement().asString()
                .startsWith("redirect not followed: refusing to send to example.com (http://example.com/phish)")
                .contains("target.allowed-hosts");
        assertThat(METRICS.endpoint("t", "GET /away (redirect 1)", "GET").count()).isZero();
    }

    @Test
    void a_303_turns_a_post_into_a_get_without_its_body_and_a_307_keeps_both() throws Exception {
        byte[] form = "a=1".getBytes(StandardCharsets.UTF_8);
        for (int status : new int[] {301, 302, 303}) {
            int from = SEEN.size();
            AtomicReference<String> judged = new AtomicReference<>();
            EndpointMeter m = METRICS.endpoint("t", "POST /see-other " + status, "POST");
            follow3.send(call(m, "POST", "/see-other?status=" + status, form, judged, ClientSession.SHARED, "Content-Type",
                    "application/x-www-form-urlencoded", "Authorization", "Bearer t"));
            assertThat(seenSince(from)).as("status " + status).containsExactly(
                    "POST /see-other body=a=1 type=application/x-www-form-urlencoded auth=Bearer t cookie=null",
                    "GET /done type=null auth=Bearer t cookie=null");
            assertThat(judged.get()).isEqualTo("200 {\"at\":\"/done\"}");
            assertThat(METRICS.endpoint("t", "POST /see-other " + status + " (redirect 1)", "GET").method()).isEqualTo("GET");
        }
        for (int status : new int[] {307, 308}) {
            int from = SEEN.size();
            EndpointMeter m = METRICS.endpoint("t", "POST /see-other " + status, "POST");
            follow3.send(call(m, "POST", "/see-other?status=" + status, form, new AtomicReference<>(), ClientSession.SHARED));
            assertThat(seenSince(from)).as("status " + status).containsExactly(
                    "POST /see-other body=a=1 type=application/x-www-form-urlencoded auth=null cookie=null",
                    "POST /done body=a=1 type=application/x-www-form-urlencoded auth=null cookie=null");
        }
    }

    @Test
    void the_scenarios_authorization_and_cookie_headers_stay_behind_when_a_hop_leaves_the_origin() throws Exception {
        EndpointMeter m = METRICS.endpoint("t", "GET /cross", "GET");
        int from = SEEN.size();
        HttpReply r = follow3.send(call(m, "GET", "/cross", HttpCall.NO_BODY, new AtomicReference<>(), ClientSession.SHARED,
                "Authorization", "Bearer t", "Cookie", "sid=1", "X-Trace", "kept"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(seenSince(from)).containsExactly(
                "GET /cross type=null auth=Bearer t cookie=sid=1",
                "GET /done type=null auth=null cookie=null");
    }

    @Test
    void with_redirects_off_a_redirect_is_the_response_as_before() throws Exception {
        EndpointMeter m = METRICS.endpoint("t", "GET /a off", "GET");
        AtomicReference<String> judged = new AtomicReference<>();
        int from = SEEN.size();
        HttpReply r = off.send(call(m, "GET", "/a", HttpCall.NO_BODY, judged, ClientSession.SHARED));
        assertThat(r.status()).isEqualTo(302);
        assertThat(r.outcome()).isEqualTo(Outcome.OK);
        assertThat(judged.get()).isEqualTo("302 moved");
        assertThat(seenSince(from)).hasSize(1);
    }

    @Test
    void a_first_request_off_the_allow_list_is_refused_before_anything_is_sent_as_before() {
        EndpointMeter m = METRICS.endpoint("t", "GET /elsewhere", "GET");
        HttpCall c = new HttpCall(m, "GET", URI.create("http://example.com/"), HttpCall.NO_HEADERS, HttpCall.NO_BODY, HttpCall.ANY_SUCCESS,
                System.nanoTime());
        assertThatThrownBy(() -> follow3.send(c)).isInstanceOf(HostRefusedException.class);
    }

    @Test
    void a_location_is_resolved_as_rfc_3986_says() {
        URI from = URI.create("http://a.test/b/c/d;p?q");
        assertThat(Redirects.resolve(from, "g")).contains(URI.create("http://a.test/b/c/g"));
        assertThat(Redirects.resolve(from, "/g")).contains(URI.create("http://a.test/g"));
        assertThat(Redirects.resolve(from, "//other.test/g")).contains(URI.create("http://other.test/g"));
        assertThat(Redirects.resolve(from, "?y")).contains(URI.create("http://a.test/b/c/d;p?y"));
        assertThat(Redirects.resolve(from, "../g#frag")).contains(URI.create("http://a.test/b/g"));
        assertThat(Redirects.resolve(URI.create("http://a.test"), "g")).contains(URI.create("http://a.test/g"));
        assertThat(Redirects.resolve(from, "/a b/é")).contains(URI.create("http://a.test/a%20b/%C3%A9"));
        assertThat(Redirects.resolve(from, "https://secure.test/x")).contains(URI.create("https://secure.test/x"));
        assertThat(Redirects.resolve(from, "ftp://files.test/x")).isEmpty();
        assertThat(Redirects.resolve(from, "http://[bad")).isEmpty();
    }
}
