package dev.loadgen.behavior;

import dev.loadgen.metrics.EndpointMeter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One endpoint of a service: method, path template (from the contract, or overridden in config), base
 * URL and meter. The template is split once into literal parts and placeholders, so building a URL is
 * string concatenation.
 */
public final class Route {
    private final String method;
    private final String template;
    private final String base;
    private final EndpointMeter meter;
    private final List<String> literals = new ArrayList<>();
    private final List<String> placeholders = new ArrayList<>();

    Route(String method, String template, String base, EndpointMeter meter) {
        this.method = method;
        this.template = template;
        this.base = base;
        this.meter = meter;
        int at = 0;
        while (true) {
            int open = template.indexOf('{', at);
            if (open < 0) {
                literals.add(template.substring(at));
                break;
            }
            int close = template.indexOf('}', open);
            literals.add(template.substring(at, open));
            placeholders.add(template.substring(open + 1, close));
            at = close + 1;
        }
    }

    public String method() {
        return method;
    }

    public EndpointMeter meter() {
        return meter;
    }

    List<String> placeholders() {
        return placeholders;
    }

    /** The URL with the placeholders filled in order, then {@code query} pairs (name, value, ...) appended. */
    public URI uri(String[] values, String... query) {
        StringBuilder b = new StringBuilder(base.length() + template.length() + 32).append(base);
        for (int i = 0; i < literals.size(); i++) {
            b.append(literals.get(i));
            if (i < placeholders.size()) {
                b.append(encode(values[i]));
            }
        }
        char sep = '?';
        for (int i = 0; i + 1 < query.length; i += 2) {
            if (query[i + 1] != null) {
                b.append(sep).append(query[i]).append('=').append(encode(query[i + 1]));
                sep = '&';
            }
        }
        return URI.create(b.toString());
    }

    private static String encode(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
