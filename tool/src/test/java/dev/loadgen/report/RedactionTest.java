package dev.loadgen.report;

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
    }
}
