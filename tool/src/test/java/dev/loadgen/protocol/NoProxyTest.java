package dev.loadgen.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** no-proxy and no_proxy matched as curl matches them. */
class NoProxyTest {
    @Test
    void a_star_matches_every_host() {
        assertThat(NoProxy.matches(List.of("*"), "api.example.com")).isTrue();
        assertThat(NoProxy.matches(List.of("*"), "10.0.0.1")).isTrue();
    }

    @Test
    void a_name_matches_itself_and_the_names_under_it_with_or_without_a_leading_dot() {
        List<String> p = List.of("example.com");
        assertThat(NoProxy.matches(p, "example.com")).isTrue();
        assertThat(NoProxy.matches(p, "API.Example.COM")).isTrue();
        assertThat(NoProxy.matches(p, "example.com.")).isTrue();
        assertThat(NoProxy.matches(p, "badexample.com")).isFalse();
        assertThat(NoProxy.matches(p, "example.com.evil")).isFalse();
        assertThat(NoProxy.matches(List.of(".example.com"), "example.com")).isTrue();
        assertThat(NoProxy.matches(List.of(".example.com"), "www.example.com")).isTrue();
        assertThat(NoProxy.matches(List.of("example.com."), "www.example.com")).isTrue();
        assertThat(NoProxy.matches(List.of(), "example.com")).isFalse();
    }

    @Test
    void an_address_matches_itself_and_with_bits_its_network_but_never_a_name() {
        assertThat(NoProxy.matches(List.of("127.0.0.1"), "127.0.0.1")).isTrue();
        assertThat(NoProxy.matches(List.of("127.0.0.1"), "127.0.0.2")).isFalse();
        assertThat(NoProxy.matches(List.of("127.0.0.1"), "localhost")).isFalse();
        assertThat(NoProxy.matches(List.of("localhost"), "127.0.0.1")).isFalse();
        assertThat(NoProxy.matches(List.of("10.0.0.0/8"), "10.200.3.4")).isTrue();
        assertThat(NoProxy.matches(List.of("10.0.0.0/8"), "11.0.0.1")).isFalse();
        assertThat(NoProxy.matches(List.of("192.168.0.0/23"), "192.168.1.9")).isTrue();
        assertThat(NoProxy.matches(List.of("192.168.0.0/23"), "192.168.2.9")).isFalse();
        assertThat(NoProxy.matches(List.of("::1"), "[::1]")).isTrue();
        assertThat(NoProxy.matches(List.of("fd00::/8"), "fd12:3456::1")).isTrue();
        assertThat(NoProxy.matches(List.of("fd00::/8"), "fe80::1")).isFalse();
        assertThat(NoProxy.matches(List.of("10.0.0.0/8"), "::1")).isFalse();
        assertThat(NoProxy.matches(List.of("10.0.0.0/99", "10.0.0.0/x"), "10.0.0.1")).isFalse();
    }

    @Test
    void a_list_matches_when_any_entry_does() {
        assertThat(NoProxy.matches(List.of("a.example", "", "localhost", "127.0.0.0/8"), "127.9.9.9")).isTrue();
        assertThat(NoProxy.matches(List.of("a.example", "localhost"), "localhost")).isTrue();
    }
}
