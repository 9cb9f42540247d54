package dev.loadgen.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Before anything starts: can each target be reached at all? A TCP connect per service with a short
 * timeout, so a typo in a URL is one line and exit code 3, not a run full of connection errors.
 */
final class Preflight {
    private Preflight() {}

    /** The first unreachable target as a one-line message, or empty when all answered. */
    static Optional<String> check(Map<String, URI> targets, int timeoutMillis) {
        for (Map.Entry<String, URI> t : targets.entrySet()) {
            URI u = t.getValue();
            int port = u.getPort() > 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(u.getHost(), port), timeoutMillis);
            } catch (IOException e) {
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                return Optional.of("target " + t.getKey() + " at " + dev.loadgen.config.Redaction.uri(u) + " is unreachable (" + why + "); start it, or fix "
                        + (t.getKey().equals("url") ? "--url" : "target." + t.getKey()));
            }
        }
        return Optional.empty();
    }
}
