package dev.loadgen.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Finding the instances: addresses given, or every address of a name (a headless Service). */
class DiscoveryTest {
    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void a_name_gives_every_address_it_has_each_with_the_port_ipv4_first() {
        Discovery.Dns dns = Discovery.dns("loadgen-dashboard.loadtest.svc.cluster.local:8089",
                name -> new InetAddress[] {ip("10.0.0.7"), ip("fe80::1%1"), ip("10.0.0.5"), ip("10.0.0.5")});
        assertThat(dns.name()).isEqualTo("loadgen-dashboard.loadtest.svc.cluster.local");
        Discovery.Lookup found = dns.lookup();
        assertThat(found.instances()).containsExactly(URI.create("http://10.0.0.5:8089/"), URI.create("http://10.0.0.7:8089/"),
                URI.create("http://[fe80:0:0:0:0:0:0:1]:8089/"));
        assertThat(found.problem()).isEmpty();
    }

    @Test
    void a_name_that_does_not_resolve_yet_finds_none_and_says_why() {
        Discovery.Lookup found = Discovery.dns("nothing.invalid:8089", name -> {
            throw new UnknownHostException(name + ": Name or service not known");
        }).lookup();
        assertThat(found.instances()).isEmpty();
        assertThat(found.problem()).isEqualTo("no address for nothing.invalid (yet): nothing.invalid: Name or service not known");
    }

    /** The system's resolver, as --instances-dns uses it: localhost is loopback, whichever families the machine has. */
    @Test
    void localhost_resolves_through_the_system_to_loopback_addresses() {
        List<URI> found = Discovery.dns("localhost:8089").lookup().instances();
        assertThat(found).isNotEmpty().allSatisfy(u -> {
            assertThat(u.getPort()).isEqualTo(8089);
            assertThat(ip(u.getHost().replace("[", "").replace("]", "")).isLoopbackAddress()).as(u.toString()).isTrue();
        });
    }

    @Test
    void a_bad_name_or_port_is_one_line_with_the_form_to_use() {
        for (String bad : List.of("loadgen", "loadgen:", ":8089", "loadgen:99999", "loadgen:http", "http://loadgen:8089")) {
            assertThatThrownBy(() -> Discovery.dns(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'" + bad + "' is not NAME:PORT; give the headless Service's name and the dashboard port, "
                            + "like loadgen-dashboard.loadtest.svc.cluster.local:8089");
        }
    }

    @Test
    void instance_addresses_are_made_alike_and_bad_ones_say_what_is_wrong() {
        assertThat(Discovery.instance("http://H1:8089")).isEqualTo(URI.create("http://h1:8089/"));
        assertThat(Discovery.instance("127.0.0.1:8089/")).isEqualTo(URI.create("http://127.0.0.1:8089/"));
        assertThat(Discovery.instance("https://lg.example")).isEqualTo(URI.create("https://lg.example:443/"));
        assertThat(Discovery.instance("http://[::1]:8089")).isEqualTo(URI.create("http://[::1]:8089/"));
        String fix = "; give each instance's dashboard address, like http://10.0.0.5:8089";
        assertThatThrownBy(() -> Discovery.instance("ftp://h1:8089")).hasMessage("'ftp://h1:8089' is not an http:// or https:// URL" + fix);
        assertThatThrownBy(() -> Discovery.instance("http://h1:8089/events"))
                .hasMessage("'http://h1:8089/events' has a path; the control point finds /events and /api/ itself" + fix);
        assertThatThrownBy(() -> Discovery.instance("http://user:pw@h1:8089"))
                .hasMessage("the address of h1 carries a user or password; leave them out and give the token with --token or "
                        + "LOADGEN_DASHBOARD_TOKEN" + fix);
        assertThatThrownBy(() -> Discovery.instance("http://h1:80x")).hasMessage("'http://h1:80x' has no host name or port that loadgen can read" + fix);
        assertThatThrownBy(() -> Discovery.instance("http://h 1")).hasMessage("'http://h 1' is not a URL" + fix);
    }
}
