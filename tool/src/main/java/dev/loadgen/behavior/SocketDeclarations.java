package dev.loadgen.behavior;

import dev.loadgen.config.ConfigException;
import dev.loadgen.config.ConfigNode;
import dev.loadgen.config.Origin;
import dev.loadgen.config.RunConfig;
import dev.loadgen.config.ScenarioSpec;
import dev.loadgen.config.ScenarioSpec.Pair;
import dev.loadgen.config.ScenarioSpec.Text;
import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.WsCounters;
import dev.loadgen.time.Clock;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Compiles a declared socket: its URL against the targets, its handshake's endpoint, headers, query, and delivery tracking. */
record SocketDeclarations(RunConfig config, Metrics metrics, Variables variables, Function<Text, Template> template,
                          Function<ConfigNode, JsonBody> jsonBody, BiFunction<String, Origin, ConfigException> unknownTarget) {

    Sockets.Spec compile(ScenarioSpec.SocketSpec s, int index, boolean awaits, WsCounters ws, Clock clock) {
        String line = s.url().value().trim();
        String[] parts = line.split("\\s+", 2);
        String service;
        Template url;
        String path;
        if (parts.length == 2) {
            service = parts[0];
            URI base = config.target().service(service).orElseThrow(() -> unknownTarget.apply(service, s.url().origin()));
            url = template.apply(new Text(base + parts[1], s.url().origin()));
            path = template.apply(new Text(parts[1], s.url().origin())).shape();
        } else {
            service = "ws";
            url = template.apply(s.url());
            path = url.shape().replaceFirst("^[a-zA-Z]+://[^/]*", "");
        }
        String endpoint = s.endpoint().map(Text::value).orElse("WS " + path);
        EndpointMeter meter = metrics.endpoint(service, endpoint, "GET");
        Sockets.Track track = s.track().map(t -> {
            Template[] joined = t.joined().stream().map(p -> template.apply(p.value())).toArray(Template[]::new);
            for (int i = 0; i < joined.length; i++) {
                if (!joined[i].isConstant()) {
                    throw new ConfigException(t.joined().get(i).value().origin(), "track.joined: the values are fixed text, without ${...}");
                }
            }
            Optional<JsonBody> leave = t.leave().map(jsonBody);
            return new Sockets.Track(t.idField(), t.groupField(), t.joined().stream().map(p -> p.name().value()).toArray(String[]::new), joined,
                    leave.orElse(null), variables.get("group").orElse(null), new DeliveryLedger(ws, t.timeout(), clock.nanoTime()));
        }).orElse(null);
        return new Sockets.Spec(s.name(), index, service, meter, url, s.query().stream().map(p -> p.name().value()).toArray(String[]::new),
                s.query().stream().map(p -> template.apply(p.value())).toArray(Template[]::new), pairs(s.headers()), s.auth(), s.keepForSession(), s.typeField(), s.backoffMin().toNanos(),
                s.backoffMax().toNanos(), track, awaits, ws);
    }

    private Template[] pairs(List<Pair> pairs) {
        List<Template> out = new ArrayList<>();
        for (Pair p : pairs) {
            out.add(Template.constant(p.name().value()));
            out.add(template.apply(p.value()));
        }
        return out.toArray(new Template[0]);
    }
}
