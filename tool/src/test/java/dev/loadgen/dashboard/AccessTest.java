package dev.loadgen.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who may control the run: the rules of {@link Access}, one by one. */
class AccessTest {
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 50000);
    private static final InetSocketAddress REMOTE = new InetSocketAddress("192.0.2.7", 50000);
    private final Access open = new Access(Optional.empty(), true);
    private final Access guarded = new Access(Optional.of("s3cret-token"), false);

    private static Optional<Integer> status(Optional<Access.Refusal> r) {
        return r.map(Access.Refusal::status);
    }

    @Test
    void a_json_post_from_this_page_on_loopback_may_control_without_a_token() {
        assertThat(open.control("POST", "application/json", "http://127.0.0.1:8089", "127.0.0.1:8089", null, LOCAL)).isEmpty();
        assertThat(open.control("POST", "application/json; charset=utf-8", null, "localhost:8089", null, LOCAL)).isEmpty();
    }

    @Test
    void forms_other_sites_and_other_methods_are_refused() {
        assertThat(status(open.control("POST", "text/plain", null, "127.0.0.1:8089", null, LOCAL))).contains(415);
        assertThat(status(open.control("POST", "application/x-www-form-urlencoded", null, "127.0.0.1:8089", null, LOCAL))).contains(415);
        assertThat(status(open.control("POST", "application/json", "http://evil.example", "127.0.0.1:8089", null, LOCAL))).contains(403);
        assertThat(status(open.control("GET", null, null, "127.0.0.1:8089", null, LOCAL))).contains(405);
    }

    @Test
    void without_a_token_only_loopback_clients_may_control() {
        assertThat(status(open.control("POST", "application/json", null, "127.0.0.1:8089", null, REMOTE))).contains(403);
    }

    @Test
    void with_a_token_every_control_request_needs_it_from_anywhere() {
        assertThat(status(guarded.control("POST", "application/json", null, "10.0.0.5:8089", null, LOCAL))).contains(401);
        assertThat(status(guarded.control("POST", "application/json", null, "10.0.0.5:8089", "Bearer wrong", REMOTE))).contains(401);
        assertThat(status(guarded.control("POST", "application/json", null, "10.0.0.5:8089", "Bearer s3cret-tok", REMOTE))).contains(401);
        assertThat(status(guarded.control("POST", "application/json", null, "10.0.0.5:8089", "s3cret-token", REMOTE))).contains(401);
        assertThat(guarded.control("POST", "application/json", null, "10.0.0.5:8089", "Bearer s3cret-token", REMOTE)).isEmpty();
        assertThat(guarded.control("POST", "application/json", null, "10.0.0.5:8089", "bearer  s3cret-token ", REMOTE)).isEmpty();
    }

    @Test
    void on_loopback_a_foreign_host_name_is_refused_which_defeats_dns_rebinding() {
        assertThat(open.host("127.0.0.1:8089")).isEmpty();
        assertThat(open.host("localhost")).isEmpty();
        assertThat(open.host("[::1]:8089")).isEmpty();
        assertThat(status(open.host("rebind.evil.example:8089"))).contains(403);
        assertThat(status(open.host(null))).contains(403);
        assertThat(guarded.host("dashboard.internal:8089")).as("bound elsewhere, the token guards control").isEmpty();
    }
}
