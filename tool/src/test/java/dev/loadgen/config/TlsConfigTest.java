package dev.loadgen.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.TestCertificates;
import dev.loadgen.TestCertificates.Issued;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * target.tls's files are read and checked when the configuration is bound: each bad one is one line at the key that
 * names it, with the fix; the good ones in every form (PKCS#8, encrypted PKCS#8, PKCS#1, SEC1, PKCS#12) are taken.
 */
class TlsConfigTest {
    static final Issued CA = TestCertificates.ca("loadgen test CA");
    static final Issued CLIENT = TestCertificates.client(CA, "loadgen user");
    static final Issued OTHER = TestCertificates.client(CA, "someone else");
    @TempDir
    static Path dir;

    @BeforeAll
    static void files() throws IOException {
        TestCertificates.pem(dir.resolve("ca.pem"), List.of(CA.cert()));
        TestCertificates.pem(dir.resolve("client.pem"), CLIENT.chain());
        TestCertificates.pkcs8(dir.resolve("client.key"), CLIENT.key());
        TestCertificates.pkcs8(dir.resolve("other.key"), OTHER.key());
        TestCertificates.encryptedPkcs8(dir.resolve("client-enc.key"), CLIENT.key(), "s3cret");
        TestCertificates.des3Pkcs8(dir.resolve("client-des3.key"), CLIENT.key(), "s3cret");
        TestCertificates.traditional(dir.resolve("client-sec1.key"), CLIENT.key());
        TestCertificates.pkcs12(dir.resolve("client.p12"), CLIENT, "s3cret");
        Files.writeString(dir.resolve("notes.txt"), "not a certificate\n");
        Files.createDirectories(dir.resolve("folder"));
    }

    private RunConfig load(String yaml) throws IOException {
        Path f = dir.resolve("config.yaml");
        Files.writeString(f, yaml);
        return ConfigLoader.load(Optional.of(f), List.of(), List.of(), k -> null, () -> 7L);
    }

    private String error(String yaml) {
        try {
            load(yaml);
        } catch (ConfigException e) {
            return e.getMessage().replace(dir.toString() + "/", "");
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
        throw new AssertionError("no error for: " + yaml);
    }

    @Test
    void each_bad_file_is_one_line_at_the_key_that_names_it() {
        assertThat(error("target:\n  tls: {ca: missing.pem}\n")).isEqualTo("config.yaml:2:13: target.tls.ca: missing.pem cannot be read: "
                + "no such file");
        assertThat(error("target:\n  tls:\n    ca: [ca.pem, notes.txt]\n")).isEqualTo("config.yaml:3:18: target.tls.ca: notes.txt holds no "
                + "certificate (-----BEGIN CERTIFICATE-----); give the CA's certificate in PEM");
        assertThat(error("target:\n  tls: {ca: folder}\n")).isEqualTo("config.yaml:2:13: target.tls.ca: folder is a folder, not a file");
        assertThat(error("target:\n  tls: {cert: client.pem}\n")).isEqualTo("config.yaml:2:15: target.tls.cert: a client certificate needs "
                + "its private key: add key: FILE.pem (or give a PKCS#12 keystore instead)");
        assertThat(error("target:\n  tls: {key: client.key}\n")).isEqualTo("config.yaml:2:14: target.tls.key: a private key needs its "
                + "certificate: add cert: FILE.pem (or give a PKCS#12 keystore instead)");
        assertThat(error("target:\n  tls: {cert: client.pem, key: client.key, keystore: client.p12}\n")).isEqualTo("config.yaml:2:54: "
                + "target.tls.keystore: give the client certificate either as a keystore or as cert and key, not both");
        assertThat(error("target:\n  tls: {cert: client.pem, key: other.key}\n")).isEqualTo("config.yaml:2:32: target.tls.key: other.key "
                + "is not the key of the certificate in client.pem (their public keys differ); give the key the certificate was issued for");
        assertThat(error("target:\n  tls: {cert: client.pem, key: notes.txt}\n")).isEqualTo("config.yaml:2:32: target.tls.key: notes.txt "
                + "holds no private key (-----BEGIN PRIVATE KEY-----); give the client certificate's key in PEM");
        assertThat(error("target:\n  tls: {cert: client.pem, key: client-enc.key}\n")).isEqualTo("config.yaml:2:32: target.tls.key: "
                + "client-enc.key is encrypted (ENCRYPTED PRIVATE KEY): give its password with password:");
        assertThat(error("target:\n  tls: {cert: client.pem, key: client-enc.key, password: wrong}\n")).isEqualTo("config.yaml:2:58: "
                + "target.tls.password: client-enc.key cannot be decrypted with the password given: a wrong password");
        assertThat(error("target:\n  tls: {keystore: client.p12, password: wrong}\n")).isEqualTo("config.yaml:2:41: target.tls.password: "
                + "client.p12 cannot be opened with the password given: a wrong password");
        assertThat(error("target:\n  tls: {keystore: client.pem, password: s3cret}\n")).startsWith("config.yaml:2:19: target.tls.keystore: "
                + "client.pem is not a PKCS#12 keystore (").endsWith("); make one with: openssl pkcs12 -export -in cert.pem -inkey key.pem "
                + "-out client.p12");
    }

    @Test
    void an_expired_client_certificate_is_refused_before_the_run() throws IOException {
        Issued expired = TestCertificates.expiredClient(CA, "last year");
        TestCertificates.pem(dir.resolve("expired.pem"), expired.chain());
        TestCertificates.pkcs8(dir.resolve("expired.key"), expired.key());
        assertThat(error("target:\n  tls: {cert: expired.pem, key: expired.key}\n")).startsWith("config.yaml:2:15: target.tls.cert: "
                + "expired.pem holds a client certificate that expired on ").endsWith("; renew it");
    }

    @Test
    void versions_are_tls_1_2_or_1_3_in_any_usual_spelling() throws IOException {
        assertThat(error("target:\n  tls: {min-version: TLSv1.1}\n")).isEqualTo("config.yaml:2:22: target.tls.min-version: 'TLSv1.1' is "
                + "older than Java (and any current browser) will speak; write TLSv1.2 or TLSv1.3");
        assertThat(error("target:\n  tls: {min-version: SSLv3}\n")).isEqualTo("config.yaml:2:22: target.tls.min-version: 'SSLv3' is not a "
                + "TLS version; write TLSv1.2 or TLSv1.3");
        for (String v : List.of("TLSv1.3", "1.3", "tls1.3", "tlsv1.3")) {
            TlsConfig tls = load("target:\n  tls: {min-version: '" + v + "'}\n").target().network().tls();
            assertThat(tls.minVersion()).contains("TLSv1.3");
            assertThat(tls.protocols()).containsExactly("TLSv1.3");
        }
        assertThat(load("target:\n  tls: {min-version: '1.2'}\n").target().network().tls().protocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(TlsConfig.DEFAULT.protocols()).isEmpty();
    }

    @Test
    void an_https_target_that_trusts_nothing_is_an_error_unless_it_has_a_ca_of_its_own() throws IOException {
        assertThat(error("target:\n  tls: {trust-system: false}\n  posts: https://127.0.0.1:8443\n")).isEqualTo("config.yaml:3:10: "
                + "target.posts: https://127.0.0.1:8443 would trust no certificate: tls.trust-system is false and no tls.ca is given; add "
                + "the CA that issued its certificate with ca: FILE.pem");
        TargetConfig t = load("""
                target:
                  tls: {trust-system: false}
                  posts: {url: https://127.0.0.1:8443, tls: {ca: ca.pem}}
                  users: http://127.0.0.1:8080
                """).target();
        assertThat(t.network("posts").tls().ca()).containsExactly(dir.resolve("ca.pem"));
        assertThat(t.network("posts").tls().trustSystem()).isFalse();
    }

    @Test
    void every_key_form_is_read() throws IOException {
        for (String key : List.of("key: client.key", "key: client-sec1.key", "{key: client-enc.key, password: s3cret}",
                "{key: client-des3.key, password: s3cret}")) {
            String tls = key.startsWith("{") ? "{cert: client.pem, " + key.substring(1) : "{cert: client.pem, " + key + "}";
            TlsConfig c = load("target:\n  tls: " + tls + "\n").target().network().tls();
            TlsMaterials m = assertLoads(c);
            assertThat(m.identity().orElseThrow().chain().get(0)).isEqualTo(CLIENT.cert());
        }
        TlsMaterials p12 = assertLoads(load("target:\n  tls: {keystore: client.p12, password: s3cret}\n").target().network().tls());
        assertThat(p12.identity().orElseThrow().chain()).containsExactlyElementsOf(CLIENT.chain());
    }

    @Test
    void an_rsa_key_in_pkcs1_is_read_and_checked_against_its_certificate() throws Exception {
        Issued rsa = TestCertificates.rsaClient(CA, "rsa user");
        TestCertificates.pem(dir.resolve("rsa.pem"), rsa.chain());
        TestCertificates.traditional(dir.resolve("rsa.key"), rsa.key());
        assertThat(Files.readString(dir.resolve("rsa.key"))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(Files.readString(dir.resolve("client-sec1.key"))).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(assertLoads(load("target:\n  tls: {cert: rsa.pem, key: rsa.key}\n").target().network().tls()).identity().orElseThrow()
                .key().getAlgorithm()).isEqualTo("RSA");
        assertThat(error("target:\n  tls: {cert: client.pem, key: rsa.key}\n")).contains("rsa.key is not the key of the certificate");
    }

    private static TlsMaterials assertLoads(TlsConfig c) {
        try {
            return TlsMaterials.load(c);
        } catch (TlsMaterials.Invalid e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    @Test
    void a_targets_own_client_certificate_replaces_the_one_for_all_in_whichever_form() throws IOException {
        TargetConfig t = load("""
                target:
                  tls: {cert: client.pem, key: client.key}
                  posts: {url: https://127.0.0.1:8443, tls: {keystore: client.p12, password: s3cret}}
                  users: {url: https://127.0.0.1:8444, tls: {min-version: TLSv1.3}}
                """).target();
        assertThat(t.network("posts").tls().keystore()).contains(dir.resolve("client.p12"));
        assertThat(t.network("posts").tls().cert()).isEmpty();
        assertThat(t.network("users").tls().cert()).contains(dir.resolve("client.pem"));
    }

    @Test
    void targets_with_the_same_tls_settings_share_one_client() throws IOException {
        TargetConfig t = load("""
                target:
                  posts: {url: https://127.0.0.1:8443, tls: {ca: ca.pem}}
                  users: {url: https://127.0.0.1:8444, tls: {ca: ca.pem}}
                  chat: https://127.0.0.1:8445
                """).target();
        assertThat(t.network("posts")).isEqualTo(t.network("users")).isNotEqualTo(t.network("chat"));
    }

    @Test
    void skipping_verification_is_one_warning_naming_the_targets() throws IOException {
        RunConfig c = load("""
                target:
                  posts: {url: https://127.0.0.1:8443, tls: {insecure-skip-verify: true, keystore: client.p12, password: s3cret}}
                  users: https://127.0.0.1:8444
                """);
        assertThat(c.warnings()).containsExactly("tls.insecure-skip-verify is on for posts: certificates are not verified, so any server "
                + "(or anyone in between) is taken for the target; for test systems only (recorded in config.json)");
        assertThat(load("target:\n  tls: {insecure-skip-verify: true}\n  posts: https://127.0.0.1:8443\n").warnings())
                .containsExactly("tls.insecure-skip-verify is on for every target: certificates are not verified, so any server (or anyone "
                        + "in between) is taken for the target; for test systems only (recorded in config.json)");
        assertThat(load("target:\n  posts: https://127.0.0.1:8443\n").warnings()).isEmpty();
    }
}
