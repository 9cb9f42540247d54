package dev.loadgen.behavior;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.config.ConfigLoader;
import dev.loadgen.config.Population;
import dev.loadgen.config.RunConfig;
import dev.loadgen.config.TargetConfig;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.WsCounters;
import dev.loadgen.protocol.HttpCall;
import dev.loadgen.protocol.HttpReply;
import dev.loadgen.protocol.HttpTransport;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A behaviour from a plug-in jar ({@link ExampleProvider}, listed in META-INF/services) joins the catalogue. */
class PluginTest {
    @Test
    void a_service_loader_provider_adds_its_actions() throws Exception {
        List<HttpCall> sent = new CopyOnWriteArrayList<>();
        HttpTransport fake = new HttpTransport() {
            @Override
            public HttpReply send(HttpCall call) {
                sent.add(call);
                return new HttpReply(200, "{}".getBytes(), dev.loadgen.metrics.Outcome.OK);
            }

            @Override
            public void close() {}
        };
        RunConfig config = ConfigLoader.load(Optional.empty(), List.of("users.account=none", "users.actions={search: {query: 1}}",
                "target.named={search: 'http://127.0.0.1:9'}"), List.of(), k -> null, () -> 1L);
        Metrics metrics = new Metrics();
        TargetConfig target = config.target();
        Services services = new Services(fake, Optional.empty(), metrics, new WsCounters(), new World(config.population().world()), target);
        Catalogue c = Catalogue.build(services, config, new SplittableRandom(1));
        Catalogue.Entry e = c.entry("search.query", dev.loadgen.config.Origin.DEFAULTS, "test");
        UserSession s = new UserSession(1, new SplittableRandom(2), "default");
        e.behavior().perform(e.action(), s);
        assertThat(sent).singleElement().satisfies(call -> {
            assertThat(call.uri()).isEqualTo(URI.create("http://127.0.0.1:9/search?q=loadgen"));
            assertThat(call.endpoint().name()).isEqualTo("GET /search");
        });
        assertThat(config.population().personas().getFirst().flow()).isInstanceOf(Population.Flow.Weighted.class);
    }

    /** The plug-in: a search service's behaviour, written as docs/personas.md shows. */
    public static final class ExampleProvider implements BehaviorProvider {
        @Override
        public List<Behavior> behaviors(Services services) {
            // only where the run names a search service: other runs see no trace of the plug-in
            return services.target().service("search").isPresent() ? List.of(new SearchBehavior(services)) : List.of();
        }
    }

    static final class SearchBehavior extends ServiceBehavior {
        private static final Action QUERY = new Action("search", "query", 1);
        private final Route search;

        SearchBehavior(Services services) {
            super(services);
            search = services.route("search", "search.query", "GET", "/search");
        }

        @Override
        public List<Action> actions() {
            return List.of(QUERY);
        }

        @Override
        public void perform(Action action, UserSession s) throws InterruptedException {
            get(s, search, path(), false, OK, "q", "loadgen");
        }
    }
}
