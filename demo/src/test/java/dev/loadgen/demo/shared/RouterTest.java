package dev.loadgen.demo.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouterTest {
    static final Router.Handler H = ex -> Reply.noContent();
    final Router router = new Router()
            .get("/users/{id}", H).put("/users/me", H).post("/users/{id}/follow", H).delete("/users/{id}/follow", H)
            .get("/users", H);

    @Test
    void a_template_matches_and_binds_its_parameters() {
        Router.Match m = router.match("POST", "/users/u42/follow");
        assertThat(m).isInstanceOf(Router.Match.Found.class);
        Router.Match.Found f = (Router.Match.Found) m;
        assertThat(f.route().template()).isEqualTo("/users/{id}/follow");
        assertThat(f.params()).isEqualTo(Map.of("id", "u42"));
    }

    @Test
    void a_literal_segment_beats_a_parameter() {
        Router.Match.Found f = (Router.Match.Found) router.match("PUT", "/users/me");
        assertThat(f.route().template()).isEqualTo("/users/me");
        Router.Match.Found g = (Router.Match.Found) router.match("GET", "/users/me");
        assertThat(g.route().template()).isEqualTo("/users/{id}");
    }

    @Test
    void a_known_path_with_another_method_lists_the_allowed_ones() {
        Router.Match m = router.match("PATCH", "/users/u1/follow");
        assertThat(m).isEqualTo(new Router.Match.WrongMethod("/users/{id}/follow", Set.of("POST", "DELETE")));
    }

    @Test
    void empty_segments_and_extra_segments_do_not_match() {
        assertThat(router.match("GET", "/users//follow")).isInstanceOf(Router.Match.NotFound.class);
        assertThat(router.match("GET", "/users/u1/follow/x")).isInstanceOf(Router.Match.NotFound.class);
        assertThat(router.match("GET", "/users/")).isInstanceOf(Router.Match.NotFound.class);
        assertThat(router.match("GET", "/")).isInstanceOf(Router.Match.NotFound.class);
    }
}
