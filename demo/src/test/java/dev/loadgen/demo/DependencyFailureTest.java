package dev.loadgen.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.demo.support.Http;
import dev.loadgen.demo.support.Http.Resp;
import dev.loadgen.demo.support.TestDemo;
import dev.loadgen.demo.support.Users;
import dev.loadgen.demo.support.Users.User;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A dependency that is down or silent gives a quick 503 naming it, never a hang. */
class DependencyFailureTest {
    static final String SECRET = "0123456789abcdef0123456789abcdef";

    /** A port nothing listens on: bound, then released. */
    static int deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void register_with_users_down_is_503_and_keeps_no_account() throws Exception {
        DemoSettings s = TestDemo.settings().withJwtSecret(SECRET)
                .withUsersUrl(URI.create("http://127.0.0.1:" + deadPort()));
        try (RunningService auth = Demo.startService(ServiceName.AUTH, s)) {
            long t = System.nanoTime();
            Resp r = Http.post(auth.url(), "/auth/register",
                    Http.obj("username", "lonely", "password", "password1", "email", "l@e.co"));
            assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(3));
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.error()).startsWith("users service unavailable");
            assertThat(auth.storeSizes().get("accounts")).isZero();
            assertThat(Http.post(auth.url(), "/auth/login", Http.obj("username", "lonely", "password", "password1"))
                    .status()).isEqualTo(401);
        }
    }

    @Test
    void feed_with_a_silent_users_service_is_503_within_the_timeout() throws Exception {
        try (RunningDemo demo = Demo.start(TestDemo.settings().withJwtSecret(SECRET));
                ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            User u = Users.create(demo, "feedless");
            DemoSettings s = TestDemo.settings().withJwtSecret(SECRET).withDependencyTimeout(Duration.ofMillis(500))
                    .withUsersUrl(URI.create("http://127.0.0.1:" + silent.getLocalPort()));
            try (RunningService posts = Demo.startService(ServiceName.POSTS, s)) {
                long t = System.nanoTime();
                Resp r = Http.get(posts.url(), "/feed", u.bearer());
                Duration took = Duration.ofNanos(System.nanoTime() - t);
                assertThat(r.status()).isEqualTo(503);
                assertThat(r.error()).isEqualTo("users service unavailable: no answer within 500 ms");
                assertThat(took).isBetween(Duration.ofMillis(450), Duration.ofMillis(2_500));
            }
        }
    }

    @Test
    void a_single_service_without_a_secret_refuses_to_start_with_the_fix_in_the_message() {
        for (ServiceName n : new ServiceName[] {ServiceName.AUTH, ServiceName.USERS, ServiceName.POSTS}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Demo.startService(n, TestDemo.settings()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("DEMO_JWT_SECRET").hasMessageContaining("--jwt-secret");
        }
    }
}
