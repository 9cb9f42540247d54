package dev.loadgen.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.config.NetworkConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which way a URL goes, and how a proxy is named where a person reads it. */
class RoutesTest {
    private static final URI PROXY = URI.create("http://ann:s%40cret@proxy.corp:3128");
    private static final NetworkConfig.Proxy VIA = NetworkConfig.Proxy.of(PROXY, List.of("internal.example"));

    @Test
    void a_url_goes_through_the_proxy_of_its_scheme_unless_no_proxy_names_its_host() {
        assertThat(Routes.route(VIA, Map.of(), URI.create("https://api.example.com/x"))).isEqualTo(new Route.Proxied(PROXY));
        assertThat(Routes.route(VIA, Map.of(), URI.create("ws://api.example.com/x"))).isEqualTo(new Route.Proxied(PROXY));
        assertThat(Routes.route(VIA, Map.of(), URI.create("http://db.internal.example/"))).isEqualTo(new Route.Direct(Optional.empty()));
        NetworkConfig.Proxy httpsOnly = new NetworkConfig.Proxy(NetworkConfig.Proxy.Mode.ENV, Optional.of(PROXY), Optional.empty(), List.of());
        assertThat(Routes.route(httpsOnly, Map.of(), URI.create("wss://api.example.com/"))).isInstanceOf(Route.Proxied.class);
        assertThat(Routes.route(httpsOnly, Map.of(), URI.create("http://api.example.com/"))).isEqualTo(new Route.Direct(Optional.empty()));
        assertThat(Routes.route(NetworkConfig.Proxy.NONE, Map.of(), URI.create("https://api.example.com/"))).isEqualTo(new Route.Direct(Optional.empty()));
    }

    @Test
    void an_overridden_name_goes_straight_to_its_address_never_through_the_proxy() throws Exception {
        Route r = Routes.route(VIA, Map.of("api.example.com", "127.0.0.1"), URI.create("https://API.example.com:8443/x"));
        assertThat(r).isEqualTo(new Route.Direct(Optional.of("127.0.0.1")));
        InetSocketAddress to = r.connectAddress(URI.create("https://api.example.com:8443/x"));
        assertThat(to.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(to.getPort()).isEqualTo(8443);
        assertThat(new Route.Proxied(PROXY).connectAddress(URI.create("https://api.example.com/")))
                .isEqualTo(new InetSocketAddress("proxy.corp", 3128));
    }

    @Test
    void a_proxy_is_shown_without_its_credentials_and_with_curls_default_port() {
        assertThat(Routes.display(PROXY)).isEqualTo("http://(redacted)@proxy.corp:3128");
        assertThat(Routes.display(URI.create("http://proxy.corp"))).isEqualTo("http://proxy.corp:1080");
        assertThat(Routes.display(URI.create("https://token@proxy.corp"))).isEqualTo("https://(redacted)@proxy.corp:443");
        assertThat(new Route.Proxied(PROXY).toString()).isEqualTo("through the proxy http://(redacted)@proxy.corp:3128").doesNotContain("cret");
    }

    @Test
    void credentials_are_percent_decoded_as_curl_decodes_them() {
        assertThat(Routes.credentials(PROXY)).contains(List.of("ann", "s@cret"));
        assertThat(Routes.credentials(URI.create("http://us%3Aer:p%C3%A4ss:word@p:1"))).contains(List.of("us:er", "päss:word"));
        assertThat(Routes.credentials(URI.create("http://token@p:1"))).contains(List.of("token", ""));
        assertThat(Routes.credentials(URI.create("http://p:1"))).isEmpty();
    }

    @Test
    void the_start_line_names_each_proxy_its_targets_and_the_loopback_ones_it_carries() {
        Map<String, URI> targets = new LinkedHashMap<>();
        targets.put("posts", URI.create("https://api.example.com"));
        targets.put("users", URI.create("http://127.0.0.1:9001"));
        targets.put("auth", URI.create("https://auth.internal.example"));
        NetworkConfig env = NetworkConfig.DEFAULT.withProxy(new NetworkConfig.Proxy(NetworkConfig.Proxy.Mode.ENV, Optional.of(PROXY),
                Optional.of(URI.create("http://plain.corp:8080")), List.of("internal.example")));
        assertThat(Routes.describe(targets, new Networks(env, Map.of(), Map.of()))).contains("through the proxy "
                + "http://(redacted)@proxy.corp:3128 (from the environment) for posts; http://plain.corp:8080 (from the environment) for users; "
                + "loopback too, as curl does (list 127.0.0.1 in target.no-proxy or NO_PROXY to reach it directly)");
        assertThat(Routes.describe(targets, Networks.defaults())).isEmpty();
        assertThat(Routes.describe(targets, new Networks(NetworkConfig.DEFAULT.withProxy(VIA), Map.of(), Map.of("api.example.com", "127.0.0.1"))))
                .contains("through the proxy http://(redacted)@proxy.corp:3128 for users; loopback too, as curl does (list 127.0.0.1 in "
                        + "target.no-proxy or NO_PROXY to reach it directly)");
    }

    @Test
    void the_built_in_demo_is_reached_directly_whatever_the_environment_says() {
        NetworkConfig env = NetworkConfig.DEFAULT.withProxy(new NetworkConfig.Proxy(NetworkConfig.Proxy.Mode.ENV, Optional.empty(),
                Optional.of(URI.create("http://plain.corp:8080")), List.of()));
        URI demo = URI.create("http://127.0.0.1:40001");
        Networks networks = new Networks(env, Map.of(), Map.of()).direct(List.of(demo));
        assertThat(Routes.route(networks, demo.resolve("/posts"))).isEqualTo(new Route.Direct(Optional.empty()));
        assertThat(Routes.route(networks, URI.create("http://127.0.0.1:40002/"))).isInstanceOf(Route.Proxied.class);
    }
}
