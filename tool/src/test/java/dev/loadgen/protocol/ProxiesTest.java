package dev.loadgen.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.config.ConfigLoader;
import dev.loadgen.config.TargetConfig;
import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.Outcome;
import dev.loadgen.metrics.WsCounters;
import dev.loadgen.time.Clock;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests through a real proxy (Jetty's: absolute-form for http, CONNECT for https), with and without credentials, the
 * hosts no-proxy sends directly, and names that target.hosts aims at 127.0.0.1; HTTP and WebSockets alike. The settings are
 * read from YAML with an environment of the test's own, as a run reads them.
 */
class ProxiesTest {
    @TempDir
    static Path dir;
    static TestTarget plain;
    static TestTarget secure;

    @BeforeAll
    static void start() throws Exception {
        plain = TestTarget.plain();
        secure = TestTarget.tls(dir, "api.example.test");
    }

    @AfterAll
    static void stop() throws Exception {
        plain.close();
        secure.close();
    }

    private static TargetConfig target(String yaml, Map<String, String> env) throws Exception {
        Path f = Files.createTempFile(dir, "config", ".yaml");
        Files.writeString(f, yaml);
        return ConfigLoader.load(Optional.of(f), List.of(), List.of(), env::get, () -> 7L).target();
    }

    /** Sends {@code uri} once with the settings of {@code target} and returns its outcome and status. */
    private static HttpReply send(TargetConfig target, URI uri) throws Exception {
        Metrics metrics = new Metrics();
        try (JettyHttpTransport http = transport(target, metrics)) {
            EndpointMeter m = metrics.endpoint("api", "GET /", "GET");
            HttpReply reply = http.send(new HttpCall(m, "GET", uri, HttpCall.NO_HEADERS, HttpCall.NO_BODY, HttpCall.ANY_SUCCESS, System.nanoTime(),
                    WireFault.NONE, HttpCall.JSON, ClientSession.of(1), Judge.NONE));
            assertThat(m.errorTexts()).as("errors of %s", uri).isEmpty();
            return reply;
        }
    }

    private static JettyHttpTransport transport(TargetConfig target, Metrics metrics) {
        Set<String> hosts = new java.util.HashSet<>(target.allowedHosts());
        target.services().values().forEach(u -> hosts.add(u.getHost()));
        return new JettyHttpTransport(metrics, new HostPolicy(hosts, target.hostOverrides()), new JettyHttpTransport.Settings(Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofSeconds(30), 4, "loadgen/test", true, 1 << 20, Networks.of(target)), Clock.SYSTEM);
    }

    @Test
    void plain_http_goes_through_the_proxy_in_absolute_form() throws Exception {
        try (TestProxy proxy = TestProxy.open()) {
            URI uri = plain.url("127.0.0.1", "/items?page=2");
            TargetConfig t = target("target: {named: {api: '" + plain.url("127.0.0.1", "") + "'}, proxy: '" + proxy.url("") + "'}\n", Map.of());
            HttpReply reply = send(t, uri);
            assertThat(reply.outcome()).isEqualTo(Outcome.OK);
            assertThat(proxy.carried).containsExactly("GET " + uri);
        }
    }

    @Test
    void https_goes_through_a_connect_tunnel_of_the_environments_proxy() throws Exception {
        try (TestProxy proxy = TestProxy.open()) {
            int before = secure.sni.size();
            // a name only the proxy knows (it resolves *.test to 127.0.0.1): the tunnel is asked for by name
            URI uri = secure.url("api.example.test", "/items");
            TargetConfig t = target("target: {named: {api: '" + secure.url("api.example.test", "") + "'}, tls: {insecure-skip-verify: true}}\n",
                    Map.of("HTTPS_PROXY", proxy.url(""), "http_proxy", "http://127.0.0.1:9"));
            HttpReply reply = send(t, uri);
            assertThat(reply.outcome()).isEqualTo(Outcome.OK);
            assertThat(proxy.carried).containsExactly("CONNECT api.example.test:" + secure.port());
            assertThat(secure.sni.subList(before, secure.sni.size())).containsExactly("api.example.test");
        }
    }

    @Test
    void a_proxy_that_wants_credentials_gets_them_on_requests_and_on_connect_and_the_target_never_sees_them() throws Exception {
        try (TestProxy proxy = TestProxy.withCredentials("ann:s3cret:x@y")) {
            String url = proxy.url("ann:s3cret%3Ax%40y");
            TargetConfig t = target("target:\n  named: {api: '" + plain.url("127.0.0.1", "") + "', secure: '" + secure.url("localhost", "")
                    + "'}\n  proxy: '" + url + "'\n  tls: {insecure-skip-verify: true}\n", Map.of());
            assertThat(send(t, plain.url("127.0.0.1", "/a")).outcome()).isEqualTo(Outcome.OK);
            assertThat(send(t, secure.url("localhost", "/b")).outcome()).isEqualTo(Outcome.OK);
            assertThat(proxy.refused).hasValue(0);
            assertThat(proxy.carried).containsExactly("GET " + plain.url("127.0.0.1", "/a"), "CONNECT localhost:" + secure.port());
            assertThat(plain.proxyAuthorizations).isEmpty();
            assertThat(secure.proxyAuthorizations).isEmpty();
        }
    }

    @Test
    void wrong_credentials_are_a_counted_error_that_does_not_show_them() throws Exception {
        try (TestProxy proxy = TestProxy.withCredentials("ann:right")) {
            TargetConfig t = target("target: {named: {secure: '" + secure.url("localhost", "") + "'}, proxy: '" + proxy.url("ann:WRONG-PW")
                    + "', tls: {insecure-skip-verify: true}}\n", Map.of());
            Metrics metrics = new Metrics();
            try (JettyHttpTransport http = transport(t, metrics)) {
                EndpointMeter m = metrics.endpoint("secure", "GET /", "GET");
                HttpReply reply = http.send(new HttpCall(m, "GET", secure.url("localhost", "/"), HttpCall.NO_HEADERS, HttpCall.NO_BODY,
                        HttpCall.ANY_SUCCESS, System.nanoTime()));
                assertThat(reply.outcome().isError()).isTrue();
                assertThat(m.errorTexts()).hasSize(1);
                assertThat(m.errorTexts().keySet().iterator().next()).contains("407").doesNotContain("WRONG-PW");
            }
            assertThat(proxy.refused).hasPositiveValue();
        }
    }

    @Test
    void no_proxy_hosts_go_direct() throws Exception {
        try (TestProxy proxy = TestProxy.open()) {
            TargetConfig t = target("target: {named: {api: '" + plain.url("localhost", "") + "'}, no-proxy: [other.example]}\n",
                    Map.of("http_proxy", proxy.url(""), "NO_PROXY", ".localhost, localhost"));
            assertThat(send(t, plain.url("localhost", "/direct")).outcome()).isEqualTo(Outcome.OK);
            assertThat(proxy.carried).isEmpty();
            assertThat(t.network().proxy().noProxy()).containsExactly("other.example", ".localhost", "localhost");
        }
    }

    @Test
    void a_name_override_reaches_the_address_with_the_name_in_host_and_sni() throws Exception {
        int before = secure.sni.size();
        int hostsBefore = secure.hosts.size();
        // a proxy in the environment too: a name of target.hosts goes direct all the same
        TargetConfig t = target("target:\n  named: {api: 'https://api.example.test:" + secure.port() + "'}\n  hosts: {api.example.test: 127.0.0.1}\n"
                + "  tls: {insecure-skip-verify: true}\n", Map.of("https_proxy", "http://127.0.0.1:9"));
        HttpReply reply = send(t, URI.create("https://api.example.test:" + secure.port() + "/profile"));
        assertThat(reply.outcome()).isEqualTo(Outcome.OK);
        assertThat(secure.sni.subList(before, secure.sni.size())).containsExactly("api.example.test");
        assertThat(secure.hosts.subList(hostsBefore, secure.hosts.size())).containsExactly("api.example.test:" + secure.port());
    }

    @Test
    void websockets_go_through_the_proxy_and_to_an_overridden_name() throws Exception {
        try (TestProxy proxy = TestProxy.open()) {
            TargetConfig t = target("target:\n  named: {room: '" + plain.url("127.0.0.1", "") + "', alias: 'http://chat.example.test:" + plain.port()
                    + "'}\n  proxy: '" + proxy.url("") + "'\n  hosts: {chat.example.test: 127.0.0.1}\n", Map.of());
            Metrics metrics = new Metrics();
            try (JettyHttpTransport http = transport(t, metrics);
                 JettyWsTransport ws = new JettyWsTransport(http, metrics, new WsCounters(), new HostPolicy(Set.of("chat.example.test"),
                         t.hostOverrides()), Duration.ofSeconds(5))) {
                EndpointMeter handshake = metrics.endpoint("chat", "WS /ws", "GET");
                int hostsBefore = plain.hosts.size();
                WsTransport.Handshake viaProxy = ws.connect(handshake, URI.create("ws://127.0.0.1:" + plain.port() + "/ws"), new String[0],
                        text -> "", System.nanoTime(), WireFault.NONE);
                assertThat(viaProxy.status()).isEqualTo(101);
                viaProxy.session().orElseThrow().close();
                assertThat(proxy.carried).containsExactly("CONNECT 127.0.0.1:" + plain.port());
                WsTransport.Handshake byName = ws.connect(handshake, URI.create("ws://chat.example.test:" + plain.port() + "/ws"), new String[0],
                        text -> "", System.nanoTime(), WireFault.NONE);
                assertThat(byName.status()).isEqualTo(101);
                byName.session().orElseThrow().close();
                assertThat(proxy.carried).hasSize(1);
                assertThat(plain.hosts.subList(hostsBefore, plain.hosts.size())).containsExactly("127.0.0.1:" + plain.port(),
                        "chat.example.test:" + plain.port());
            }
        }
    }

    @Test
    void the_abort_fault_goes_the_way_the_clients_requests_go() throws Exception {
        try (TestProxy proxy = TestProxy.withCredentials("ann:pw")) {
            TargetConfig t = target("target:\n  named: {api: '" + plain.url("127.0.0.1", "") + "', shop: 'http://shop.example.test:" + plain.port()
                    + "', secure: '" + secure.url("api.example.test", "") + "'}\n  proxy: '" + proxy.url("ann:pw") + "'\n  hosts: {shop.example.test: 127.0.0.1}\n",
                    Map.of());
            Metrics metrics = new Metrics();
            try (JettyHttpTransport http = transport(t, metrics)) {
                EndpointMeter m = metrics.endpoint("api", "GET /", "GET");
                WireFault abort = new WireFault("abort", 0, true, 0);
                for (URI uri : List.of(plain.url("127.0.0.1", "/aborted"), URI.create("http://shop.example.test:" + plain.port() + "/aborted"),
                        secure.url("api.example.test", "/aborted"))) {
                    assertThat(http.send(new HttpCall(m, "GET", uri, HttpCall.NO_HEADERS, HttpCall.NO_BODY, HttpCall.ANY_SUCCESS, System.nanoTime(), abort,
                            HttpCall.JSON, ClientSession.SHARED, Judge.NONE)).outcome()).isEqualTo(Outcome.CHAOS);
                }
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (System.nanoTime() < deadline && !(proxy.carried.size() == 2 && plain.hosts.contains("shop.example.test:" + plain.port()))) {
                Thread.sleep(20);
            }
            assertThat(proxy.refused).hasValue(0);
            assertThat(proxy.carried).containsExactlyInAnyOrder("GET " + plain.url("127.0.0.1", "/aborted"), "CONNECT api.example.test:" + secure.port());
            assertThat(plain.hosts).contains("shop.example.test:" + plain.port());
        }
    }
}
