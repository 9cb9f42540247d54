package dev.loadgen.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** target's network keys: for all targets, per target written as a map, and their bad values. */
class NetworkConfigTest {
    @TempDir
    Path dir;

    private RunConfig load(String yaml) throws IOException {
        Path f = dir.resolve("config.yaml");
        Files.writeString(f, yaml);
        return ConfigLoader.load(Optional.of(f), List.of(), List.of(), k -> null, () -> 7L);
    }

    private String error(String yaml) {
        try {
            load(yaml);
        } catch (ConfigException e) {
            return e.getMessage().replace(dir.resolve("config.yaml").toString(), "config.yaml");
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
        throw new AssertionError("no error for: " + yaml);
    }

    @Test
    void defaultsAreABrowsers() throws IOException {
        TargetConfig t = load("target: {posts: http://127.0.0.1:9000}\n").target();
        assertThat(t.network()).isEqualTo(NetworkConfig.DEFAULT);
        assertThat(t.network("posts")).isEqualTo(NetworkConfig.DEFAULT);
        assertThat(t.hostOverrides()).isEmpty();
    }

    @Test
    void aTargetWrittenAsAMapHasItsOwnSettingsOverThoseForAll() throws IOException {
        TargetConfig t = load("""
                target:
                  http: 1.1
                  compression: true
                  redirects: true
                  proxy: none
                  posts: {url: https://api.example.com:8443/, http: 2, redirects: 3}
                  users: http://127.0.0.1:9001
                  named:
                    billing: {url: http://127.0.0.1:9002, proxy: "proxy.corp:3128", no-proxy: "a.example, b.example"}
                  hosts: {api.example.com: 127.0.0.1, v6.example.com: "[::1]"}
                """).target();
        assertThat(t.service("posts")).contains(URI.create("https://api.example.com:8443"));
        assertThat(t.network("posts").http()).isEqualTo(NetworkConfig.Http.H2);
        assertThat(t.network("posts").redirects()).isEqualTo(3);
        assertThat(t.network("posts").compression()).isTrue();
        assertThat(t.network("users")).isEqualTo(t.network());
        assertThat(t.network().http()).isEqualTo(NetworkConfig.Http.H1);
        assertThat(t.network().redirects()).isEqualTo(NetworkConfig.DEFAULT_REDIRECTS);
        assertThat(t.network().proxy().mode()).isEqualTo(NetworkConfig.Proxy.Mode.NONE);
        NetworkConfig.Proxy billing = t.network("billing").proxy();
        assertThat(billing.https()).contains(URI.create("http://proxy.corp:3128"));
        assertThat(billing.http()).isEqualTo(billing.https());
        assertThat(billing.noProxy()).containsExactly("a.example", "b.example");
        assertThat(t.hostOverrides()).containsEntry("api.example.com", "127.0.0.1").containsEntry("v6.example.com", "::1");
    }

    @Test
    void badValuesNameTheKeyAndTheFix() {
        assertThat(error("target: {http: 3}\n")).isEqualTo("config.yaml:1:16: target.http: '3' is not an HTTP version; write 1.1, 2 or auto");
        assertThat(error("target: {posts: {http: 2}}\n")).contains("config.yaml:1:17: target.posts has no url");
        assertThat(error("target: {posts: {url: http://127.0.0.1:1, htp: 2}}\n")).contains("unknown key 'target.posts.htp'");
        assertThat(error("target:\n  hosts: {api.example.com: staging}\n")).startsWith("config.yaml:2:28: target.hosts.api.example.com must be an IP address");
        assertThat(error("target:\n  hosts: {'bad name': 127.0.0.1}\n")).startsWith("config.yaml:2:11: target.hosts.bad name: 'bad name' is not a host name");
        assertThat(error("target: {proxy: 'ftp://x:21'}\n")).contains("target.proxy: not an http(s) proxy URL");
        assertThat(error("target: {redirects: 99}\n")).contains("target.redirects (true, false, or how many hops to follow) must be from 0 to 50");
        assertThat(error("target: {tls: {ca-file: x.pem}}\n")).contains("unknown key 'target.tls.ca-file'");
    }

    @Test
    void tlsPathsAreRelativeToTheFileAndATargetsOwnWin() throws IOException {
        // the files named are read when bound: the CA's must be there
        dev.loadgen.TestCertificates.pem(dir.resolve("certs/ca.pem"), List.of(dev.loadgen.TestCertificates.ca("test CA").cert()));
        TargetConfig t = load("""
                target:
                  tls: {ca: certs/ca.pem, min-version: TLSv1.3}
                  posts: {url: https://127.0.0.1:8443, tls: {insecure-skip-verify: true}}
                """).target();
        assertThat(t.network().tls().ca()).containsExactly(dir.resolve("certs/ca.pem"));
        assertThat(t.network("posts").tls().ca()).containsExactly(dir.resolve("certs/ca.pem"));
        assertThat(t.network("posts").tls().insecureSkipVerify()).isTrue();
        assertThat(t.network("posts").tls().minVersion()).contains("TLSv1.3");
        assertThat(t.network().tls().insecureSkipVerify()).isFalse();
    }
}
