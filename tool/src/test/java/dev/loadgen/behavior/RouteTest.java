package dev.loadgen.behavior;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RouteTest {
    @Test
    void placeholders_and_query_are_encoded() {
        Route r = new Route("GET", "/chat/rooms/{room}/messages", "http://127.0.0.1:8084", null);
        assertThat(r.placeholders()).containsExactly("room");
        assertThat(r.uri(new String[] {"a b/c"}, "limit", "50", "cursor", null))
                .hasToString("http://127.0.0.1:8084/chat/rooms/a%20b%2Fc/messages?limit=50");
        assertThat(new Route("GET", "/users", "http://h:1", null).uri(new String[0], "q", "lg_", "limit", "20"))
                .hasToString("http://h:1/users?q=lg_&limit=20");
    }
}
