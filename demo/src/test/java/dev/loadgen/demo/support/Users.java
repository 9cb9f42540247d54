package dev.loadgen.demo.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.demo.RunningDemo;
import java.util.concurrent.atomic.AtomicInteger;

/** Registers and logs in test users against a running demo. */
public final class Users {
    private static final AtomicInteger SEQ = new AtomicInteger();

    /** A logged-in user. */
    public record User(String id, String username, String password, String accessToken, String refreshToken) {
        public String[] bearer() {
            return Http.bearer(accessToken);
        }
    }

    private Users() {}

    public static String uniqueName(String prefix) {
        return prefix + SEQ.incrementAndGet();
    }

    public static User create(RunningDemo demo, String prefix) {
        String name = uniqueName(prefix);
        Http.Resp r = Http.post(demo.authUrl(), "/auth/register",
                Http.obj("username", name, "password", "secret-pw", "email", name + "@example.com"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        Http.Resp login = Http.post(demo.authUrl(), "/auth/login", Http.obj("username", name, "password", "secret-pw"));
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        return new User(r.json().get("userId").asText(), name, "secret-pw",
                login.json().get("accessToken").asText(), login.json().get("refreshToken").asText());
    }
}
