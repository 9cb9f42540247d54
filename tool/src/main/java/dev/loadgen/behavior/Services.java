package dev.loadgen.behavior;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgen.config.ConfigException;
import dev.loadgen.config.TargetConfig;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.WsCounters;
import dev.loadgen.protocol.HttpTransport;
import dev.loadgen.protocol.WsTransport;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the behaviours share: the transports, the meters, the world, the JSON mapper, and the routes,
 * built from the contract's default paths with the config's overrides applied.
 */
public final class Services {
    private final HttpTransport http;
    private final Optional<WsTransport> ws;
    private final Metrics metrics;
    private final WsCounters wsCounters;
    private final World world;
    private final TargetConfig target;
    private final Map<String, TargetConfig.PathOverride> overrides = new HashMap<>();
    private final Map<String, Route> routes = new HashMap<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final ChatLedger ledger;
    private volatile Optional<AuthBehavior> auth = Optional.empty();
    /**
     * One buffer pool for every user: Jackson's default keeps a buffer recycler per thread, and with a
     * virtual thread per user that was about 20 KB of parse buffers held by each thinking user.
     */
    final ObjectMapper json = com.fasterxml.jackson.databind.json.JsonMapper.builder(
            com.fasterxml.jackson.core.JsonFactory.builder()
                    .recyclerPool(com.fasterxml.jackson.core.util.JsonRecyclerPools.sharedConcurrentDequePool())
                    .build())
            .build();

    public Services(HttpTransport http, Optional<WsTransport> ws, Metrics metrics, WsCounters wsCounters, World world, TargetConfig target) {
        this.http = http;
        this.ws = ws;
        this.metrics = metrics;
        this.wsCounters = wsCounters;
        this.world = world;
        this.target = target;
        target.paths().forEach(p -> overrides.put(p.action(), p));
        this.ledger = new ChatLedger(wsCounters, world.spec().messageTimeout());
    }

    /** The behaviour that signs users in, once the catalogue has made it (none without target.auth). */
    public Optional<AuthBehavior> auth() {
        return auth;
    }

    void auth(AuthBehavior a) {
        auth = Optional.of(a);
    }

    ChatLedger ledger() {
        return ledger;
    }

    HttpTransport http() {
        return http;
    }

    Optional<WsTransport> ws() {
        return ws;
    }

    Metrics metrics() {
        return metrics;
    }

    WsCounters wsCounters() {
        return wsCounters;
    }

    public World world() {
        return world;
    }

    public TargetConfig target() {
        return target;
    }

    URI base(String service) {
        return target.service(service).orElseThrow(() -> new ConfigException("target." + service
                + " is not set but an action of " + service + " is used; set it or remove the action"));
    }

    /**
     * The route of an action (for a behaviour's constructor): the default path of the contract unless {@code endpoints.<service>.<verb>}
     * overrides it; the override must keep the same placeholders.
     */
    public Route route(String service, String action, String method, String defaultPath) {
        String path = defaultPath;
        TargetConfig.PathOverride o = overrides.get(action);
        if (o != null) {
            path = o.path();
            Route dflt = new Route(method, defaultPath, "", null);
            Route mine = new Route(method, path, "", null);
            if (!mine.placeholders().equals(dflt.placeholders())) {
                throw new ConfigException(o.origin(), "endpoints." + action + ": the path must use the placeholders "
                        + dflt.placeholders() + " like " + defaultPath + ", got " + mine.placeholders());
            }
        }
        String name = ("WS".equals(method) ? "WS" : method) + " " + path;
        Route r = new Route("WS".equals(method) ? "GET" : method, path, base(service).toString(),
                metrics.endpoint(service, name, "WS".equals(method) ? "GET" : method));
        routes.put(action, r);
        return r;
    }

    /** Rejects path overrides for actions that no behaviour has. */
    public void checkOverrides() {
        for (TargetConfig.PathOverride o : overrides.values()) {
            if (!routes.containsKey(o.action())) {
                throw new ConfigException(o.origin(), "endpoints." + o.action() + " is not an endpoint loadgen knows; known: "
                        + String.join(", ", new java.util.TreeSet<>(routes.keySet())));
            }
        }
    }

    /** Parses a JSON reply; a body that is not JSON is warned about once per endpoint and treated as absent. */
    public Optional<JsonNode> parse(Route route, byte[] body) {
        try {
            return Optional.ofNullable(json.readTree(body)).filter(n -> !n.isMissingNode());
        } catch (IOException e) {
            warnOnce(route.meter().toString(), route.meter() + ": the response is not JSON (" + e.getMessage().lines().findFirst().orElse("")
                    + "); the user carries on without it (further ones not shown)");
            return Optional.empty();
        }
    }

    public byte[] toJson(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    void warnOnce(String key, String message) {
        if (warned.add(key)) {
            System.err.println("loadgen: warning: " + message);
        }
    }
}
