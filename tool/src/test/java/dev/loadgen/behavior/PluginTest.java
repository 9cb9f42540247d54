package dev.loadgen.behavior;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.protocol.HttpCall;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A behaviour from a plug-in jar ({@link ExampleProvider}, listed in META-INF/services) joins the catalogue
 * beside the scenario's actions, and sends with the user's login from the scenario's auth.
 */
class PluginTest {
    private static final String SCENARIO = """
            target: {named: {search: "http://127.0.0.1:9", api: "http://127.0.0.1:9"}}
            users: {actions: {search.query: 1}}
            variables: {token: {}}
            auth:
              login: login
              token: token
              headers: {Authorization: "Bearer ${token}"}
            actions:
              login:
                - request: POST api /login
                  capture: {token: $.token}
            """;

    @Test
    void a_service_loader_provider_adds_its_actions_and_sends_with_the_users_login() throws Exception {
        FakeTarget target = new FakeTarget(c -> FakeTarget.Answer.json(200, "{\"token\": \"t1\"}"));
        Harness h = Harness.of(SCENARIO, target, Optional.empty());
        Catalogue c = Catalogue.of(h.runtime);
        Catalogue.Entry e = c.entry("search.query", dev.loadgen.config.Origin.DEFAULTS, "test");
        e.behavior().perform(e.action(), h.user(1));
        assertThat(target.lines()).containsExactly("POST /login", "GET /search?q=loadgen");
        HttpCall search = target.sent.get(1);
        assertThat(search.uri()).isEqualTo(URI.create("http://127.0.0.1:9/search?q=loadgen"));
        assertThat(search.endpoint().name()).isEqualTo("GET /search");
        assertThat(search.headers()).containsExactly("Authorization", "Bearer t1");
    }

    /** The plug-in: a search service's behaviour, written as docs/personas.md shows. */
    public static final class ExampleProvider implements BehaviorProvider {
        @Override
        public List<Behavior> behaviors(PluginContext context) {
            if (context.target("boom").isPresent()) {
                // a bug in a plug-in, for InternalErrorTest: loadgen says it is a bug (exit 70), not the user's fault
                throw new IllegalStateException("the example plug-in fails on purpose when a target is named boom");
            }
            // only where the run names a search service: other runs see no trace of the plug-in
            return context.target("search").map(url -> List.<Behavior>of(new SearchBehavior(context, url))).orElse(List.of());
        }
    }

    static final class SearchBehavior implements Behavior {
        private final PluginContext context;
        private final URI query;
        private final EndpointMeter meter;

        SearchBehavior(PluginContext context, URI base) {
            this.context = context;
            this.query = URI.create(base + "/search?q=loadgen");
            this.meter = context.endpoint("search", "GET /search", "GET");
        }

        @Override
        public List<Action> actions() {
            return List.of(new Action("search.query"));
        }

        @Override
        public void perform(Action action, UserState user) throws InterruptedException {
            // timed, recorded, traced like every request; with the user's login, and a new one on a 401
            context.send(user, new HttpCall(meter, "GET", query, HttpCall.NO_HEADERS, HttpCall.NO_BODY, HttpCall.ANY_SUCCESS, 0), true);
        }
    }
}
