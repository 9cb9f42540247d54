package dev.loadgen.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ErrorTextTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void a_json_error_body_gives_its_message() {
        assertThat(ErrorText.http(409, bytes("{\"error\":\"username taken\"}"))).isEqualTo("HTTP 409: username taken");
        assertThat(ErrorText.http(400, bytes("{\"message\":\"bad body\",\"code\":7}"))).isEqualTo("HTTP 400: bad body");
    }

    @Test
    void any_other_body_gives_its_first_line_as_it_is() {
        assertThat(ErrorText.http(500, bytes("<script>alert(1)</script>\n<p>more</p>"))).isEqualTo("HTTP 500: <script>alert(1)</script>");
        assertThat(ErrorText.http(502, bytes("{not json"))).isEqualTo("HTTP 502: {not json");
        assertThat(ErrorText.http(503, new byte[0])).isEqualTo("HTTP 503");
    }

    @Test
    void a_failure_says_what_happened_in_plain_words_whatever_the_wrapping() {
        Exception e = new ExecutionException(new java.io.IOException("wrapped", new ConnectException("Connection refused")));
        assertThat(ErrorText.failure(e)).isEqualTo("connection refused");
        assertThat(ErrorText.failure(new ConnectException("Connection timed out"))).isEqualTo("timeout while connecting");
        assertThat(ErrorText.failure(new java.net.SocketTimeoutException("Connect Timeout"))).isEqualTo("timeout while connecting");
        assertThat(ErrorText.failure(new java.io.IOException("Connection reset by peer"))).isEqualTo("connection reset");
        assertThat(ErrorText.failure(new java.io.IOException("Too many open files"))).startsWith("too many open files (");
        assertThat(ErrorText.failure(new javax.net.ssl.SSLHandshakeException("PKIX path building failed")))
                .isEqualTo("TLS handshake failed: PKIX path building failed");
        assertThat(ErrorText.failure(new java.io.EOFException())).isEqualTo("connection closed by the target before the response ended");
        assertThat(ErrorText.failure(new java.net.UnknownHostException("nope.invalid"))).isEqualTo("unknown host");
        assertThat(ErrorText.timeout(10_000)).isEqualTo("no response within 10.0s");
    }

    @Test
    void a_message_loses_the_object_dumps_a_library_put_in_it_so_every_connection_gives_the_same_text() {
        String a = "HttpConnectionOverHTTP@59fa20c5::SocketChannelEndPoint@3c1{l=/127.0.0.1:5,r=/127.0.0.1:6,ISHUT}<-HttpConnection closed";
        String b = "HttpConnectionOverHTTP@7a11bb02::SocketChannelEndPoint@9d2{l=/127.0.0.1:7,r=/127.0.0.1:6,ISHUT}<-HttpConnection closed";
        assertThat(ErrorText.failure(new IllegalStateException(a))).isEqualTo(ErrorText.failure(new IllegalStateException(b)))
                .isEqualTo("closed (IllegalStateException)").doesNotContain("@");
        assertThat(ErrorText.failure(new IllegalStateException("oejcti.HttpConnectionOverHTTP@59fa20c5"))).isEqualTo("IllegalStateException");
    }
}
