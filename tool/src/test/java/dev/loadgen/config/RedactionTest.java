package dev.loadgen.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What counts as a secret's name, and what is replaced in text. */
class RedactionTest {
    @Test
    void keys_named_like_secrets_are_secret_but_a_cors_header_that_names_one_is_not() {
        assertThat(Redaction.secretKey("Authorization")).isTrue();
        assertThat(Redaction.secretKey("X-Api-Key")).isTrue();
        assertThat(Redaction.secretKey("Set-Cookie")).isTrue();
        assertThat(Redaction.secretKey("client_credentials")).isTrue();
        assertThat(Redaction.secretKey("Access-Control-Allow-Credentials")).isFalse();
        assertThat(Redaction.secretKey("Content-Type")).isFalse();
    }

    @Test
    void secrets_inside_text_are_replaced() {
        assertThat(Redaction.text("{\"user\": \"ann\", \"password\": \"s3cret\"}")).isEqualTo("{\"user\": \"ann\", \"password\": \"(redacted)\"}");
        assertThat(Redaction.text("http://ann:s3cret@host/x?token=abc&page=2")).isEqualTo("http://ann:(redacted)@host/x?token=(redacted)&page=2");
        assertThat(Redaction.text("sent Authorization: Bearer eyJhbGc.x.y, then X-Api-Key: k3y")).isEqualTo(
                "sent Authorization: (redacted), then X-Api-Key: (redacted)");
        assertThat(Redaction.text("Set-Cookie: sid=abc; Path=/")).isEqualTo("Set-Cookie: (redacted); Path=/");
        // already redacted, or a JSON pair (redacted as such): left as it is
        assertThat(Redaction.text("Authorization: (redacted)")).isEqualTo("Authorization: (redacted)");
        assertThat(Redaction.text("{\"authorization\": \"Bearer x\"}")).isEqualTo("{\"authorization\": \"(redacted)\"}");
    }

    @Test
    void a_url_with_a_user_alone_has_it_redacted_whole() {
        assertThat(Redaction.uri(java.net.URI.create("http://TOKEN123@proxy.example.com:3128"))).isEqualTo("http://(redacted)@proxy.example.com:3128");
        assertThat(Redaction.uri(java.net.URI.create("http://ann:pw@proxy.example.com:3128"))).isEqualTo("http://ann:(redacted)@proxy.example.com:3128");
        assertThat(Redaction.uri(java.net.URI.create("http://proxy.example.com:3128/a@b"))).isEqualTo("http://proxy.example.com:3128/a@b");
    }
}
