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
    void a_failure_names_its_innermost_message() {
        Exception e = new ExecutionException(new java.io.IOException("wrapped", new ConnectException("Connection refused")));
        assertThat(ErrorText.failure(e)).isEqualTo("Connection refused (ConnectException)");
        assertThat(ErrorText.failure(new java.io.EOFException())).isEqualTo("EOFException");
        assertThat(ErrorText.timeout(10_000)).isEqualTo("no response within 10.0s");
    }
}
