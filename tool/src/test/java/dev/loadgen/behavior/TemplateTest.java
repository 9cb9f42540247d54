package dev.loadgen.behavior;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadgen.config.ConfigException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Templates: filled from the user's values, built-ins and functions; every name checked when the scenario is compiled. */
class TemplateTest {
    private static final String SCENARIO = """
            target: {named: {api: "http://127.0.0.1:9"}}
            users: {account: none, actions: {go: 1}}
            actions:
              go:
                - set: {who: "ann b", n: "${int(5, 5)}"}
                - request: GET api /users/${who}/x
                  query: {n: "${n}", k: "${user.number}", s: "${session.id}", e: "${env.HOME_URL}", p: "${prefix(who, 2, 2)}"}
            """;

    @Test
    void placeholders_are_filled_from_the_user_and_values_in_a_path_are_escaped() throws Exception {
        FakeTarget target = new FakeTarget(c -> FakeTarget.Answer.json(200, "{}"));
        Harness h = Harness.of(SCENARIO, target, Optional.empty());
        h.perform("go", h.user(7));
        assertThat(target.lines()).containsExactly("GET /users/ann%20b/x?n=5&k=7&s=7-1&e=http%3A%2F%2F127.0.0.1%3A9&p=an");
        assertThat(target.sent.getFirst().endpoint().name()).isEqualTo("GET /users/{who}/x");
    }

    @Test
    void an_unknown_name_is_an_error_at_its_place_with_the_nearest_known_one() {
        String bad = SCENARIO.replace("/users/${who}/x", "/users/${woh}/x");
        assertThatThrownBy(() -> Harness.of(bad, new FakeTarget(c -> null), Optional.empty())).isInstanceOf(ConfigException.class)
                .hasMessageMatching(".*scenario.*\\.yaml:6:16: \\$\\{woh\\} is not defined \\(did you mean \\$\\{who\\}\\?\\)");
    }

    @Test
    void a_name_of_the_old_placeholders_says_what_replaced_it() {
        String old = SCENARIO.replace("/users/${who}/x", "/users/${user.id}/x");
        assertThatThrownBy(() -> Harness.of(old, new FakeTarget(c -> null), Optional.empty()))
                .hasMessageContaining("${user.id} is gone: name the scenario's own variable, like ${userId}");
    }

    @Test
    void a_value_read_before_its_action_sets_it_is_an_error() {
        String early = SCENARIO.replace("- set: {who: \"ann b\", n: \"${int(5, 5)}\"}\n", "- read: \"${who}\"\n    - set: {who: x, n: \"1\"}\n");
        assertThatThrownBy(() -> Harness.of(early, new FakeTarget(c -> null), Optional.empty()))
                .hasMessageContaining("${who} is read before any step of action 'go' sets it");
    }

    @Test
    void an_unknown_function_lists_the_known_ones() {
        String f = SCENARIO.replace("${int(5, 5)}", "${rand(5)}");
        assertThatThrownBy(() -> Harness.of(f, new FakeTarget(c -> null), Optional.empty()))
                .hasMessageContaining("unknown function rand(); known: int(min, max), words(min, max)");
    }

    @Test
    void a_literal_dollar_brace_is_written_double_with_or_without_placeholders() throws Exception {
        FakeTarget target = new FakeTarget(c -> FakeTarget.Answer.json(200, "{}"));
        String text = """
                target: {named: {api: "http://127.0.0.1:9"}}
                users: {account: none, actions: {go: 1}}
                actions:
                  go:
                    - request: POST api /a
                      json: {fixed: "$${x}", filled: "$${x} ${user.number}"}
                    - request: POST api /b
                      body: "cost: $${price}"
                """;
        Harness h = Harness.of(text, target, Optional.empty());
        h.perform("go", h.user(3));
        assertThat(new String(target.sent.get(0).body(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"fixed\":\"${x}\",\"filled\":\"${x} 3\"}");
        assertThat(new String(target.sent.get(1).body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("cost: ${price}");
    }
}
