package dev.loadgen.behavior;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgen.chaos.Chaos;
import dev.loadgen.config.TargetConfig;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.protocol.HttpCall;
import dev.loadgen.protocol.HttpReply;
import dev.loadgen.protocol.HttpTransport;
import dev.loadgen.protocol.WsTransport;
import dev.loadgen.time.Clock;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What running a scenario needs from the rest of the run, all given at construction: the transports, the
 * meters, the faults to inject, the target, the clock, where warnings go, and one JSON mapper.
 */
public final class Services {
    private final HttpTransport http;
    private final Optional<WsTransport> ws;
    private final Metrics metrics;
    private final Optional<ChaosInjector> chaos;
    private final TargetConfig target;
    private final Clock clock;
    private final Consumer<String> warn;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final ObjectMapper json = JsonPaths.mapper();

    public Services(HttpTransport http, Optional<WsTransport> ws, Metrics metrics, Optional<Chaos> chaos,
                    TargetConfig target, Clock clock, Consumer<String> warn) {
        this.http = http;
        this.ws = ws;
        this.metrics = metrics;
        this.chaos = chaos.map(c -> new ChaosInjector(c, metrics.chaos()));
        this.target = target;
        this.clock = clock;
        this.warn = warn;
    }

    /** Services with nothing to send with: for checking a config (its actions, personas and plug-ins) before anything starts. */
    public static Services unconnected(TargetConfig target) {
        HttpTransport none = new HttpTransport() {
            @Override
            public HttpReply send(HttpCall call) {
                throw new IllegalStateException("nothing is sent while a config is checked");
            }

            @Override
            public void close() {}
        };
        return new Services(none, Optional.empty(), new Metrics(), Optional.empty(), target, Clock.SYSTEM, w -> {});
    }

    /** Sends a user's request, with an injected fault when the run's chaos decides so. */
    HttpReply send(UserState s, HttpCall call) throws InterruptedException {
        return chaos.isEmpty() ? http.send(call) : chaos.get().send(http, s, call);
    }

    Optional<WsTransport> ws() {
        return ws;
    }

    Optional<ChaosInjector> chaos() {
        return chaos;
    }

    public Metrics metrics() {
        return metrics;
    }

    public TargetConfig target() {
        return target;
    }

    public Clock clock() {
        return clock;
    }

    public ObjectMapper json() {
        return json;
    }

    /** A JSON body as a tree, or null when it is not JSON. */
    JsonNode parseQuietly(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            JsonNode n = json.readTree(body);
            return n == null || n.isMissingNode() ? null : n;
        } catch (IOException e) {
            return null;
        }
    }

    /** A warning, once per key: the first of its kind says it, the rest are counted where they belong. */
    void warnOnce(String key, String message) {
        if (warned.add(key)) {
            warn.accept(message);
        }
    }
}
