package dev.loadgen.cli;

import dev.loadgen.behavior.Catalogue;
import dev.loadgen.behavior.Scenario;
import dev.loadgen.behavior.ScenarioRuntime;
import dev.loadgen.behavior.Services;
import dev.loadgen.config.ConfigException;
import dev.loadgen.config.ConfigLoader;
import dev.loadgen.config.RunConfig;
import dev.loadgen.config.Suggest;
import dev.loadgen.config.TargetConfig;
import dev.loadgen.config.Threshold;
import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.WsCounters;
import dev.loadgen.time.Clock;
import dev.loadgen.user.Personas;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The first stage of a run: the whole config resolved and checked, with nothing started. The YAML, the
 * flags, the scenario (compiled against the targets, with stand-in addresses for the built-in demo when it
 * will be the target; its data files opened and closed again), the thresholds' scopes: a mistake in any of
 * them is a {@link ConfigException} here, before any port is bound or thread started.
 *
 * @param embeddedDemo the built-in demo app is the target (none of its services is configured, and the
 *                     scenario sends to them)
 */
record RunPlan(RunConfig config, boolean embeddedDemo) {
    /** Where the built-in demo's services will be, until they are started on free ports. */
    private static final URI STAND_IN = URI.create("http://127.0.0.1:1");

    static RunPlan resolve(RunRequest request, Function<String, String> env) {
        return resolve(request, env, scenario -> {});
    }

    /** As {@link #resolve(RunRequest, Function)}, with {@code inspect} reading the compiled scenario before it is closed. */
    static RunPlan resolve(RunRequest request, Function<String, String> env, Consumer<Scenario> inspect) {
        RunConfig config = ConfigLoader.load(request.configFile(), request.sets(), request.flags(), env,
                () -> request.segmented() ? 1L : ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
        boolean demo = false;
        RunConfig checked = config;
        if (config.target().noBuiltInTarget()) {
            checked = config.withTarget(config.target().withServices(withDemo(config.target(), STAND_IN)));
        }
        Metrics meters = new Metrics();
        try (Scenario s = Scenario.compile(checked, meters, new WsCounters(), env, Clock.SYSTEM)) {
            demo = config.target().noBuiltInTarget()
                    && meters.endpoints().stream().map(EndpointMeter::service).anyMatch(TargetConfig.BUILT_IN::contains);
            // the personas' actions, against the scenario's and the plug-ins'
            Personas.of(checked.population(), Catalogue.of(new ScenarioRuntime(s, Services.unconnected(checked.target()), "check")));
            inspect.accept(s);
        }
        checkThresholdScopes(config);
        return new RunPlan(config, demo);
    }

    /** The configured services, with the built-in ones that are not configured at {@code base}. */
    private static Map<String, URI> withDemo(TargetConfig target, URI base) {
        Map<String, URI> urls = new LinkedHashMap<>(target.services());
        TargetConfig.BUILT_IN.forEach(s -> urls.putIfAbsent(s, base));
        return urls;
    }

    /**
     * A threshold's scope names traffic the run can have: all of it, {@code http} (requests to full URLs),
     * {@code ws} (sockets to ws:// URLs), a built-in service, or a configured one. The error lists exactly these.
     */
    private static void checkThresholdScopes(RunConfig config) {
        List<String> known = new ArrayList<>(List.of("all", "http", "ws"));
        known.addAll(TargetConfig.BUILT_IN);
        config.target().services().keySet().stream().sorted().filter(s -> !known.contains(s)).forEach(known::add);
        for (Threshold t : config.thresholds()) {
            if (!t.endpointScope() && !known.contains(t.scope())) {
                String hint = Suggest.nearest(t.scope(), known).map(s -> " (did you mean '" + s + "'?)").orElse("");
                throw new ConfigException(t.origin(), "threshold '" + t.expression() + "': no service named '" + t.scope() + "'" + hint
                        + "; use one of " + String.join(", ", known) + ", or an endpoint as [METHOD /path]");
            }
        }
    }
}
