package dev.loadgen.cli;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import dev.loadgen.protocol.Networks;
import dev.loadgen.protocol.Route;
import dev.loadgen.protocol.Routes;

/**
 * Before anything starts: can each target be reached at all? A TCP connect per service with a short
 * timeout, so a typo in a URL is one line and exit code 3, not a run full of connection errors. The connect goes where the
 * run's would ({@link Routes}): to the proxy a target is reached through, to the address {@code target.hosts} gives its name.
 */
final class Preflight {
    private Preflight() {}

    /** The first unreachable target as a one-line message, or empty when all answered. */
    static Optional<String> check(Map<String, URI> targets, Networks networks, int timeoutMillis) {
        for (Map.Entry<String, URI> t : targets.entrySet()) {
            URI u = t.getValue();
            Route route = Routes.route(networks, u);
            try (Socket s = new Socket()) {
                s.connect(route.connectAddress(u), timeoutMillis);
            } catch (IOException e) {
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                String fix = t.getKey().equals("url") ? "--url" : "target." + t.getKey();
                return Optional.of("target " + t.getKey() + " at " + dev.loadgen.config.Redaction.uri(u) + " is unreachable" + switch (route) {
                    case Route.Proxied p -> " " + p + " (" + why + "); start the proxy, or fix " + fix + " or target.proxy";
                    case Route.Direct d when d.address().isPresent() -> " at " + d.address().get() + ", its address in target.hosts (" + why
                            + "); start it, or fix " + fix + " or target.hosts." + u.getHost().toLowerCase(java.util.Locale.ROOT);
                    case Route.Direct d -> " (" + why + "); start it, or fix " + fix;
                });
            }
        }
        return Optional.empty();
    }
}
