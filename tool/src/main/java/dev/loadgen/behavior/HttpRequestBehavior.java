package dev.loadgen.behavior;

import dev.loadgen.config.ConfigException;
import dev.loadgen.config.RequestSpec;
import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.protocol.HttpCall;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Requests declared in YAML ({@code requests:}), each the action {@code http.<name>}, for any HTTP API.
 * What {@code --url} runs. A request without placeholders is built once and re-sent as is, so this path
 * costs the user loop almost nothing beyond the HTTP exchange itself.
 */
public final class HttpRequestBehavior implements Behavior {
    private final Services services;
    private final Optional<AuthBehavior> auth;
    private final Map<Action, Prepared> byAction = new HashMap<>();
    private final List<Action> actions = new ArrayList<>();

    private record Prepared(RequestSpec spec, EndpointMeter meter, Template url, List<Template> headers, Optional<Template> body,
                            int[] expect, Optional<URI> constantUri, boolean needsLogin) {}

    HttpRequestBehavior(Services services, Optional<AuthBehavior> auth, List<RequestSpec> specs) {
        this.services = services;
        this.auth = auth;
        for (RequestSpec spec : specs) {
            String where = "request '" + spec.name() + "'";
            String full = spec.service().map(svc -> services.base(svc) + spec.urlOrPath()).orElse(spec.urlOrPath());
            Template url = new Template(full, spec.origin(), where);
            List<Template> headers = new ArrayList<>();
            spec.headers().forEach((k, v) -> {
                headers.add(new Template(k, spec.origin(), where));
                headers.add(new Template(v, spec.origin(), where));
            });
            Optional<Template> body = spec.body().map(b -> new Template(b, spec.origin(), where));
            boolean needsLogin = url.uses("user.token") || url.uses("user.id") || body.map(t -> t.uses("user.token") || t.uses("user.id")).orElse(false)
                    || headers.stream().anyMatch(t -> t.uses("user.token") || t.uses("user.id"));
            if (needsLogin && auth.isEmpty()) {
                throw new ConfigException(spec.origin(), where + " uses ${user.token} or ${user.id}, which need target.auth and users.account register or pool");
            }
            Optional<URI> constant = Optional.empty();
            if (url.isConstant()) {
                constant = Optional.of(parse(full, spec, where));
            }
            String pathTemplate = pathOf(spec, full);
            EndpointMeter meter = services.metrics().endpoint(spec.service().orElse("http"), spec.method() + " " + pathTemplate, spec.method());
            int[] expect = spec.expect().stream().mapToInt(Integer::intValue).sorted().toArray();
            Action action = new Action("http", spec.name(), 1);
            byAction.put(action, new Prepared(spec, meter, url, headers, body, expect, constant, needsLogin));
            actions.add(action);
        }
    }

    /** Every URL that has no placeholders, for the allow-list check at start. */
    public List<URI> constantUris() {
        return byAction.values().stream().flatMap(p -> p.constantUri().stream()).toList();
    }

    @Override
    public List<Action> actions() {
        return actions;
    }

    @Override
    public void perform(Action action, UserSession s) throws InterruptedException {
        Prepared p = byAction.get(action);
        if (p.needsLogin() && !auth.orElseThrow().ensureLoggedIn(s)) {
            return;
        }
        URI uri = p.constantUri().orElseGet(() -> URI.create(p.url().fill(s)));
        String[] headers = HttpCall.NO_HEADERS;
        if (!p.headers().isEmpty()) {
            headers = new String[p.headers().size()];
            for (int i = 0; i < headers.length; i++) {
                headers[i] = p.headers().get(i).fill(s);
            }
        }
        byte[] body = p.body().map(t -> t.fill(s).getBytes(StandardCharsets.UTF_8)).orElse(HttpCall.NO_BODY);
        services.send(s, new HttpCall(p.meter(), p.spec().method(), uri, headers, body, p.expect(), s.takeIntended()));
    }

    private static URI parse(String url, RequestSpec spec, String where) {
        try {
            URI u = URI.create(url);
            if (u.getHost() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
                throw new IllegalArgumentException("not an http(s) URL with a host");
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(spec.origin(), where + ": '" + url + "' is not a URL (" + e.getMessage() + "); write it like http://127.0.0.1:8080/path");
        }
    }

    /** The path part of the URL template, without query, as the endpoint's name. */
    private static String pathOf(RequestSpec spec, String full) {
        String s = spec.service().isPresent() ? spec.urlOrPath() : full.replaceFirst("^[a-zA-Z]+://[^/]*", "");
        int q = s.indexOf('?');
        s = q >= 0 ? s.substring(0, q) : s;
        return s.isEmpty() ? "/" : s;
    }
}
