package dev.loadgen.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostPolicyTest {
    private final HostPolicy policy = new HostPolicy(Set.of("posts.internal", "10.0.0.5"));

    @Test
    void configured_hosts_and_loopback_are_allowed() {
        assertThat(policy.allows(URI.create("http://posts.internal:8083/posts/1"))).isTrue();
        assertThat(policy.allows(URI.create("http://10.0.0.5/"))).isTrue();
        assertThat(policy.allows(URI.create("http://127.0.0.1:9/"))).isTrue();
        assertThat(policy.allows(URI.create("http://127.3.4.5:9/"))).isTrue();
        assertThat(policy.allows(URI.create("http://localhost:9/"))).isTrue();
        assertThat(policy.allows(URI.create("http://[::1]:9/"))).isTrue();
    }

    @Test
    void anything_else_is_refused_with_the_fix() {
        assertThat(policy.allows(URI.create("http://example.com/"))).isFalse();
        assertThat(policy.allows(URI.create("http://10.0.0.6/"))).isFalse();
        assertThat(policy.allows(URI.create("http://localhost.example.com/"))).isFalse();
        assertThat(HostPolicy.refusal(URI.create("http://example.com/x"))).contains("example.com").contains("target.allowed-hosts");
    }

    @Test
    void an_overridden_name_is_judged_by_its_name_and_by_the_address_it_is_sent_to() {
        HostPolicy p = new HostPolicy(Set.of("api.example.com", "staging.example.com", "10.0.0.5"),
                java.util.Map.of("api.example.com", "127.0.0.1", "staging.example.com", "10.9.9.9", "other.example.com", "127.0.0.1",
                        "evil.localhost", "10.9.9.9"));
        assertThat(p.allows(URI.create("https://api.example.com/"))).isTrue();
        assertThat(p.allows(URI.create("https://staging.example.com/"))).isFalse();
        assertThat(p.allows(URI.create("https://other.example.com/"))).isFalse();
        assertThat(p.allows(URI.create("http://evil.localhost/"))).isFalse();
        assertThat(p.allows(URI.create("http://10.0.0.5/"))).isTrue();
    }
}
