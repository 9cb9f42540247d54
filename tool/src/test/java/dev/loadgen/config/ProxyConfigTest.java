package dev.loadgen.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code proxy} and the environment's proxies as curl reads them, in an environment of the test's own; and target.hosts' addresses judged by the allow-list. */
class ProxyConfigTest {
    @TempDir
    Path dir;

    private TargetConfig load(String yaml, Map<String, String> env) throws IOException {
        Path f = dir.resolve("config.yaml");
        Files.writeString(f, yaml);
        return ConfigLoader.load(Optional.of(f), List.of(), List.of(), env::get, () -> 7L).target();
    }

    private NetworkConfig.Proxy env(Map<String, String> env) throws IOException {
        return load("target: {posts: http://127.0.0.1:9000}\n", env).network().proxy();
    }

    private String error(String yaml, Map<String, String> env) {
        try {
            load(yaml, env);
        } catch (ConfigException e) {
            return e.getMessage().replace(dir.resolve("config.yaml").toString(), "config.yaml");
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
        throw new AssertionError("no error for: " + yaml);
    }

    @Test
    void https_urls_take_https_proxy_lower_case_first_then_upper_case() throws IOException {
        assertThat(env(Map.of("https_proxy", "http://lower:1", "HTTPS_PROXY", "http://upper:2")).https()).contains(URI.create("http://lower:1"));
        assertThat(env(Map.of("HTTPS_PROXY", "http://upper:2")).https()).contains(URI.create("http://upper:2"));
    }

    @Test
    void http_urls_take_http_proxy_in_lower_case_only_as_curl_does() throws IOException {
        assertThat(env(Map.of("http_proxy", "http://lower:1")).http()).contains(URI.create("http://lower:1"));
        NetworkConfig.Proxy upper = env(Map.of("HTTP_PROXY", "http://attacker:8080"));
        assertThat(upper.http()).isEmpty();
        assertThat(upper.https()).isEmpty();
    }

    @Test
    void all_proxy_stands_in_for_a_scheme_without_its_own() throws IOException {
        NetworkConfig.Proxy p = env(Map.of("ALL_PROXY", "http://all:3", "https_proxy", "http://secure:4"));
        assertThat(p.https()).contains(URI.create("http://secure:4"));
        assertThat(p.http()).contains(URI.create("http://all:3"));
        assertThat(env(Map.of("all_proxy", "http://a:1", "ALL_PROXY", "http://b:2")).http()).contains(URI.create("http://a:1"));
    }

    @Test
    void a_proxy_without_a_scheme_is_http_and_an_empty_variable_is_not_set() throws IOException {
        assertThat(env(Map.of("https_proxy", "proxy.corp:3128")).https()).contains(URI.create("http://proxy.corp:3128"));
        assertThat(env(Map.of("https_proxy", "  ", "HTTPS_PROXY", "http://upper:2")).https()).contains(URI.create("http://upper:2"));
    }

    @Test
    void no_proxy_lower_case_first_joins_the_configurations_list_for_a_written_proxy_too() throws IOException {
        assertThat(env(Map.of("no_proxy", "a.example, .b.example,10.0.0.0/8", "NO_PROXY", "ignored")).noProxy())
                .containsExactly("a.example", ".b.example", "10.0.0.0/8");
        assertThat(env(Map.of("NO_PROXY", "*")).noProxy()).containsExactly("*");
        TargetConfig t = load("""
                target:
                  proxy: http://proxy.corp:3128
                  no-proxy: [internal.example]
                  posts: http://127.0.0.1:9000
                  named:
                    billing: {url: http://127.0.0.1:9001, no-proxy: other.example}
                    direct: {url: http://127.0.0.1:9002, proxy: none}
                """, Map.of("no_proxy", "localhost", "https_proxy", "http://not-used:1"));
        assertThat(t.network().proxy().https()).contains(URI.create("http://proxy.corp:3128"));
        assertThat(t.network().proxy().noProxy()).containsExactly("internal.example", "localhost");
        assertThat(t.network("billing").proxy().noProxy()).containsExactly("other.example", "localhost");
        assertThat(t.network("direct").proxy().mode()).isEqualTo(NetworkConfig.Proxy.Mode.NONE);
        assertThat(t.network("direct").proxy().forScheme("https")).isEmpty();
    }

    @Test
    void proxy_none_reads_nothing_of_the_environment() throws IOException {
        NetworkConfig.Proxy p = load("target: {posts: http://127.0.0.1:9000, proxy: none}\n",
                Map.of("https_proxy", "socks5://x:1", "http_proxy", "not a url", "no_proxy", "a")).network().proxy();
        assertThat(p).isEqualTo(NetworkConfig.Proxy.NONE);
    }

    @Test
    void a_proxy_loadgen_does_not_speak_is_one_line_naming_the_variable_and_the_fix() {
        assertThat(error("target: {posts: http://127.0.0.1:9000}\n", Map.of("ALL_PROXY", "socks5://127.0.0.1:1080")))
                .isEqualTo("environment variable ALL_PROXY: a socks5:// proxy, which loadgen does not speak (http:// and https:// proxies only); "
                        + "set target.proxy: none to go direct, or target.proxy to an http:// proxy");
        assertThat(error("target: {posts: http://127.0.0.1:9000}\n", Map.of("https_proxy", "http://ann:SECRET@[bad")))
                .startsWith("environment variable https_proxy: not a proxy URL").doesNotContain("SECRET");
    }

    @Test
    void an_override_to_an_address_neither_loopback_nor_allowed_is_refused_with_the_key_and_the_fix() throws IOException {
        assertThat(error("target:\n  posts: https://api.example.com\n  hosts: {api.example.com: 10.1.2.3}\n", Map.of()))
                .isEqualTo("config.yaml:3:28: target.hosts.api.example.com: 10.1.2.3 is neither loopback nor an allowed host; "
                        + "if the address is yours, add it to target.allowed-hosts: [10.1.2.3]");
        assertThat(error("target:\n  posts: https://api.example.com\n  hosts: {api.example.com: '2001:db8::1'}\n", Map.of()))
                .contains("add it to target.allowed-hosts: ['2001:db8::1']");
        assertThat(load("target:\n  posts: https://api.example.com\n  hosts: {api.example.com: 10.1.2.3}\n  allowed-hosts: [10.1.2.3]\n", Map.of())
                .hostOverrides()).containsEntry("api.example.com", "10.1.2.3");
        assertThat(load("target:\n  posts: https://api.example.com\n  users: http://10.1.2.3:81\n  hosts: {api.example.com: 10.1.2.3}\n", Map.of())
                .hostOverrides()).containsEntry("api.example.com", "10.1.2.3");
        assertThat(load("target:\n  posts: https://api.example.com\n  hosts: {api.example.com: 127.0.0.2, v6.example.com: '::1'}\n", Map.of())
                .hostOverrides()).containsEntry("v6.example.com", "::1");
    }

    @Test
    void the_examples_of_docs_network_md_on_proxies_and_name_overrides_are_read_as_they_say() throws IOException {
        String doc = Files.readString(Path.of(System.getProperty("loadgen.root", "..")).resolve("docs/network.md"));
        List<String> blocks = new java.util.ArrayList<>();
        for (String section : List.of("## Proxies", "## Name overrides")) {
            String text = doc.substring(doc.indexOf(section), doc.indexOf("\n## ", doc.indexOf(section) + 1));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("```yaml\n(.*?)```", java.util.regex.Pattern.DOTALL).matcher(text);
            while (m.find()) {
                blocks.add(m.group(1));
            }
        }
        assertThat(blocks).hasSize(2);
        TargetConfig proxies = load(blocks.get(0), Map.of("PROXY_PASSWORD", "pw", "https_proxy", "http://proxy.corp:3128"));
        assertThat(proxies.network("auth").proxy().https()).contains(URI.create("http://ann:pw@proxy.corp.example.com:3128"));
        assertThat(proxies.network("chat").proxy().mode()).isEqualTo(NetworkConfig.Proxy.Mode.NONE);
        assertThat(proxies.network("posts").proxy().https()).contains(URI.create("http://proxy.corp:3128"));
        assertThat(proxies.network().proxy().noProxy()).containsExactly("api.internal", ".corp.example.com", "10.0.0.0/8");
        TargetConfig overrides = load(blocks.get(1), Map.of());
        assertThat(overrides.hostOverrides()).containsEntry("api.example.com", "10.20.0.15").containsEntry("v6.example.com", "::1");
    }
}
