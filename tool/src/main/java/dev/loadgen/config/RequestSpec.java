package dev.loadgen.config;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A generic HTTP request declared in YAML, usable as action {@code http.<name>}: either a full
 * {@code url} or a {@code path} on a named {@code service}; {@code ${...}} placeholders in the URL, the
 * headers and the body are filled from the user's state when the request is sent.
 */
public record RequestSpec(String name, String method, Optional<String> service, String urlOrPath,
                          Map<String, String> headers, Optional<String> body, Set<Integer> expect, Origin origin) {
    public RequestSpec {
        headers = Map.copyOf(headers);
        expect = Set.copyOf(expect);
    }

    public String action() {
        return "http." + name;
    }
}
