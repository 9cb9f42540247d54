package dev.loadgen.demo.shared;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Routes by method and path template ({@code /posts/{id}/comments}). A literal segment beats a
 * parameter, so {@code PUT /users/me} wins over {@code /users/{id}}. The matched template, not
 * the raw path, names the route in metrics and spans, which keeps their cardinality bounded.
 */
public final class Router {
    /** A route's code: runs on a virtual thread and may block. */
    @FunctionalInterface
    public interface Handler {
        Reply handle(Exchange exchange) throws Exception;
    }

    /**
     * @param plumbing {@code /health} and {@code /metrics}: no fault headers, no spans, so that
     *     probes and scrapes neither break under chaos nor flood traces
     */
    public record Route(String method, String template, List<String> segments, int literals, Handler handler,
            boolean plumbing) {}

    /** The outcome of matching one request. */
    public sealed interface Match {
        record Found(Route route, Map<String, String> params) implements Match {}

        record WrongMethod(String template, Set<String> allowed) implements Match {}

        record NotFound() implements Match {}
    }

    private final List<Route> routes = new ArrayList<>();

    public Router get(String template, Handler h) {
        return add("GET", template, h, false);
    }

    public Router post(String template, Handler h) {
        return add("POST", template, h, false);
    }

    public Router put(String template, Handler h) {
        return add("PUT", template, h, false);
    }

    public Router delete(String template, Handler h) {
        return add("DELETE", template, h, false);
    }

    public Router plumbing(String template, Handler h) {
        return add("GET", template, h, true);
    }

    private Router add(String method, String template, Handler h, boolean plumbing) {
        List<String> segments = split(template);
        int literals = (int) segments.stream().filter(s -> !s.startsWith("{")).count();
        routes.add(new Route(method, template, segments, literals, h, plumbing));
        return this;
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    public Match match(String method, String path) {
        List<String> parts = split(path);
        Route best = null;
        Route bestAnyMethod = null;
        Set<String> allowed = new LinkedHashSet<>();
        for (Route r : routes) {
            if (!matches(r.segments(), parts)) {
                continue;
            }
            allowed.add(r.method());
            if (bestAnyMethod == null || r.literals() > bestAnyMethod.literals()) {
                bestAnyMethod = r;
            }
            if (r.method().equals(method) && (best == null || r.literals() > best.literals())) {
                best = r;
            }
        }
        if (best != null) {
            return new Match.Found(best, params(best.segments(), parts));
        }
        if (bestAnyMethod != null) {
            return new Match.WrongMethod(bestAnyMethod.template(), allowed);
        }
        return new Match.NotFound();
    }

    private static boolean matches(List<String> template, List<String> parts) {
        if (template.size() != parts.size()) {
            return false;
        }
        for (int i = 0; i < template.size(); i++) {
            String t = template.get(i);
            if (t.startsWith("{") ? parts.get(i).isEmpty() : !t.equals(parts.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> params(List<String> template, List<String> parts) {
        Map<String, String> out = new HashMap<>(4);
        for (int i = 0; i < template.size(); i++) {
            String t = template.get(i);
            if (t.startsWith("{")) {
                out.put(t.substring(1, t.length() - 1), parts.get(i));
            }
        }
        return out;
    }

    /** "/a/b/" and "/a/b" are different paths: the trailing empty segment is kept. */
    private static List<String> split(String path) {
        List<String> out = new ArrayList<>(6);
        int start = path.startsWith("/") ? 1 : 0;
        for (int i = start; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '/') {
                out.add(path.substring(start, i));
                start = i + 1;
            }
        }
        return out;
    }
}
