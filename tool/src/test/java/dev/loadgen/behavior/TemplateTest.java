package dev.loadgen.behavior;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadgen.config.Origin;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TemplateTest {
    @Test
    void placeholders_are_filled_from_the_user() {
        UserSession s = new UserSession(7, new SplittableRandom(1), "default");
        s.account(new UserSession.Account("ann", "pw", "ann@example.test"));
        s.userId("u9");
        s.beginSession();
        Template t = new Template("/users/${user.id}/x?n=${user.name}&k=${user.number}&s=${session.id}", Origin.DEFAULTS, "request 'x'");
        assertThat(t.fill(s)).isEqualTo("/users/u9/x?n=ann&k=7&s=7-1");
        assertThat(new Template("/static", Origin.DEFAULTS, "r").isConstant()).isTrue();
    }

    @Test
    void an_unknown_placeholder_lists_the_known_ones() {
        assertThatThrownBy(() -> new Template("/x/${user.nmae}", new Origin("c.yaml", 3, 9), "request 'x'"))
                .hasMessageStartingWith("c.yaml:3:9: request 'x': unknown placeholder ${user.nmae}; known: random.int");
    }
}
