package dev.loadgen.demo.shared;

import java.net.URI;

/**
 * Another demo service this one calls: its name (for error messages, spans and metrics) and
 * base URL ({@code http://host:port}).
 */
public record Dependency(String name, URI baseUrl) {
    public Dependency {
        if (baseUrl.getHost() == null || !"http".equals(baseUrl.getScheme())) {
            throw new IllegalArgumentException(name + " URL must look like http://host:port, got " + baseUrl);
        }
    }

    public String host() {
        return baseUrl.getHost();
    }

    public int port() {
        return baseUrl.getPort() < 0 ? 80 : baseUrl.getPort();
    }
}
