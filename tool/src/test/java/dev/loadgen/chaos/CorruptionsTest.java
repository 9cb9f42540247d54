package dev.loadgen.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgen.config.ChaosConfig;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Corrupted bodies and tokens are wrong in ways a correct server must notice, and the reactions are judged as the issue says. */
class CorruptionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void a_malformed_body_never_parses() {
        for (String body : new String[] {"{\"body\":\"hello\"}", "{}", "[1,2]", "{\"a\":{\"b\":[]}}", "\"text\"", ""}) {
            byte[] bad = Corruptions.malformedJson(utf8(body));
            assertThatThrownBy(() -> {
                JsonNode n = JSON.readTree(bad);
                if (n == null || n.isMissingNode()) {
                    throw new IllegalArgumentException("empty");
                }
            }).as(new String(bad, StandardCharsets.UTF_8)).isInstanceOf(Exception.class);
        }
    }

    @Test
    void an_oversized_body_is_valid_json_of_the_asked_size_that_keeps_its_members() throws Exception {
        byte[] big = Corruptions.oversized(utf8("{\"body\":\"hello\",\"n\":1}"), 96 * 1024);
        assertThat(big).hasSize(96 * 1024);
        JsonNode n = JSON.readTree(big);
        assertThat(n.path("body").asText()).isEqualTo("hello");
        assertThat(n.path("n").asInt()).isEqualTo(1);
        assertThat(JSON.readTree(Corruptions.oversized(new byte[0], 70_000)).path("chaos-padding").asText()).hasSizeGreaterThan(69_000);
    }

    private static String jwt(String payload) {
        Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
        return e.encodeToString(utf8("{\"alg\":\"HS256\",\"typ\":\"JWT\"}")) + "." + e.encodeToString(utf8(payload)) + ".c2lnbmF0dXJlLWJ5dGVz";
    }

    @Test
    void a_forged_token_keeps_header_and_payload_and_changes_every_signature_character() {
        String token = jwt("{\"sub\":\"u1\",\"exp\":2000000000}");
        String forged = Corruptions.forged(token);
        String[] a = token.split("\\.");
        String[] b = forged.split("\\.");
        assertThat(b[0]).isEqualTo(a[0]);
        assertThat(b[1]).isEqualTo(a[1]);
        assertThat(b[2]).hasSameSizeAs(a[2]);
        for (int i = 0; i < a[2].length(); i++) {
            assertThat(b[2].charAt(i)).isNotEqualTo(a[2].charAt(i));
        }
        assertThat(Corruptions.forged("opaque-token-123456")).isNotEqualTo("opaque-token-123456").startsWith("opaque-toke").hasSize(19);
    }

    @Test
    void an_expired_token_claims_it_expired_an_hour_before_it_was_issued_and_keeps_the_old_signature() throws Exception {
        String token = jwt("{\"sub\":\"u1\",\"exp\":1800000900,\"iat\":1800000000}");
        String expired = Corruptions.expired(token);
        assertThat(Corruptions.expired(token)).as("the same token, the same expired one").isEqualTo(expired);
        String[] parts = expired.split("\\.");
        JsonNode payload = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(payload.path("exp").asLong()).isEqualTo(1_800_000_000L - 3600);
        assertThat(JSON.readTree(Base64.getUrlDecoder().decode(Corruptions.expired(jwt("{\"exp\":2000000000}")).split("\\.")[1]))
                .path("exp").asLong()).isEqualTo(1);
        assertThat(payload.path("sub").asText()).isEqualTo("u1");
        assertThat(parts[0]).isEqualTo(token.split("\\.")[0]);
        assertThat(parts[2]).isEqualTo(token.split("\\.")[2]);
    }

    @Test
    void reactions_are_judged_per_kind() {
        ChaosConfig.Fault forged = ChaosTest.fault(ChaosConfig.Kind.FORGED_TOKEN, 0.1);
        assertThat(Reactions.expected(forged, 401, false)).isTrue();
        assertThat(Reactions.expected(forged, 500, false)).isFalse();
        assertThat(Reactions.expected(forged, 200, true)).as("a forged token accepted").isFalse();
        ChaosConfig.Fault abort = ChaosTest.fault(ChaosConfig.Kind.SERVER_ABORT, 0.1);
        assertThat(Reactions.expected(abort, 503, false)).isTrue();
        assertThat(Reactions.expected(abort, 200, true)).as("the header was ignored").isFalse();
        assertThat(Reactions.expected(ChaosTest.fault(ChaosConfig.Kind.MALFORMED_JSON, 0.1), 400, false)).isTrue();
        assertThat(Reactions.expected(ChaosTest.fault(ChaosConfig.Kind.MALFORMED_JSON, 0.1), 201, true)).isFalse();
        assertThat(Reactions.expected(ChaosTest.fault(ChaosConfig.Kind.OVERSIZED_BODY, 0.1), 413, false)).isTrue();
        assertThat(Reactions.expected(ChaosTest.fault(ChaosConfig.Kind.DELAY, 0.1), 200, true)).isTrue();
        assertThat(Reactions.expected(ChaosTest.fault(ChaosConfig.Kind.SERVER_DELAY, 0.1), 500, false)).isFalse();
        assertThat(Reactions.expected(ChaosTest.fault(ChaosConfig.Kind.ABORT, 0.1), 0, false)).isTrue();
        assertThat(Reactions.expectedHandshake(101)).isTrue();
        assertThat(Reactions.expectedHandshake(500)).isFalse();
    }
}
