package dev.loadgen.behavior;

import dev.loadgen.config.ConfigException;
import dev.loadgen.config.Origin;
import dev.loadgen.config.RunConfig;
import dev.loadgen.config.ScenarioSpec;
import dev.loadgen.config.ScenarioSpec.Body;
import dev.loadgen.config.ScenarioSpec.CaptureSpec;
import dev.loadgen.config.ScenarioSpec.CheckSpec;
import dev.loadgen.config.ScenarioSpec.Pair;
import dev.loadgen.config.ScenarioSpec.StepSpec;
import dev.loadgen.config.ScenarioSpec.Text;
import dev.loadgen.config.Suggest;
import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.WsCounters;
import dev.loadgen.time.Clock;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compiles steps: request lines against the targets, templates against the variables, JSONPaths, regular
 * expressions, bodies, picks against pools and lists, sockets. A value that lives only for its action must be
 * set by an earlier step of that action before a step reads it, which is checked here step by step.
 */
final class StepCompiler {
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    private final RunConfig config;
    private final ScenarioSpec spec;
    private final Variables variables;
    private final Sources sources;
    private final Map<String, Pools.Pool> pools;
    private final Metrics metrics;
    private final Map<String, Sockets.Spec> sockets = new LinkedHashMap<>();
    private final Set<String> awaited = new HashSet<>();
    private final ResponseRules responses;
    private final WsCounters ws;
    private final Clock clock;
    /** The values of the action being compiled that its steps have set so far. */
    private Set<String> defined = new HashSet<>();
    private String action = "";

    StepCompiler(RunConfig config, ScenarioSpec spec, Variables variables, Sources sources, Map<String, Pools.Pool> pools, Metrics metrics,
                 WsCounters ws, Clock clock) {
        this.config = config;
        this.spec = spec;
        this.variables = variables;
        this.sources = sources;
        this.pools = pools;
        this.metrics = metrics;
        this.ws = ws;
        this.clock = clock;
        // the auth token is sent as text in a header: a login that answers a number or an object there broke its contract
        this.responses = new ResponseRules(variables, this::template,
                spec.auth().flatMap(ScenarioSpec.AuthSpec::token).map(Text::value).map(java.util.Set::of).orElse(java.util.Set.of()));
        spec.actions().values().forEach(a -> awaited(a.steps(), awaited));
    }

    /** The sockets the compiled actions use, compiled when first named. */
    List<Sockets.Spec> sockets() {
        return List.copyOf(sockets.values());
    }

    Scenario.CompiledAction action(ScenarioSpec.ActionSpec a) {
        action = a.name();
        defined = new HashSet<>();
        List<Step> steps = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < a.steps().size(); i++) {
            names.add(a.name() + " step " + (i + 1));
            steps.add(step(a.steps().get(i), names.getLast()));
        }
        Set<Integer> locals = new TreeSet<>();
        collectLocals(locals);
        return new Scenario.CompiledAction(a.name(), steps.toArray(new Step[0]), names.toArray(new String[0]),
                locals.stream().mapToInt(Integer::intValue).toArray(), a.origin());
    }

    private Step step(StepSpec s, String name) {
        Step inner = switch (s) {
            case StepSpec.Request r -> request(r, name);
            case StepSpec.WsOpen o -> new SocketSteps.Open(name, socket(o.socket()));
            case StepSpec.WsClose c -> new SocketSteps.Close(socket(c.socket()));
            case StepSpec.WsSend w -> new SocketSteps.Send(name, socket(w.socket()), frame(w.body(), w.common().origin()));
            case StepSpec.WsAwait w -> await(w, name);
            case StepSpec.Pause p -> new LocalSteps.Pause(p.think());
            case StepSpec.Read r -> new LocalSteps.Read(template(r.text()));
            case StepSpec.Type t -> {
                Template text = template(t.text());
                defined.add(t.into().value());
                yield new LocalSteps.Type(text, var(t.into()));
            }
            case StepSpec.Assign a -> {
                Template[] values = a.values().stream().map(p -> template(p.value())).toArray(Template[]::new);
                a.values().forEach(p -> defined.add(p.name().value()));
                yield new LocalSteps.Assign(a.values().stream().map(p -> var(p.name())).toArray(Variables.Var[]::new), values);
            }
            case StepSpec.Collect c -> collect(c);
            case StepSpec.Pick p -> pick(p, name);
            case StepSpec.Instead i -> new LocalSteps.Instead(Scenario.actionName(i.action(), spec.actions().keySet(), "instead"));
            case StepSpec.Group g -> {
                Step[] inner2 = new Step[g.steps().size()];
                String[] names = new String[inner2.length];
                for (int i = 0; i < inner2.length; i++) {
                    names[i] = name + "." + (i + 1);
                    inner2[i] = step(g.steps().get(i), names[i]);
                }
                yield new Step.Group(inner2, names);
            }
        };
        List<ScenarioSpec.Condition> when = s.common().when();
        if (when.isEmpty() && s.common().repeat().isEmpty()) {
            return inner;
        }
        Condition[] conditions = when.stream().map(this::condition).toArray(Condition[]::new);
        return new Step.Guarded(inner, conditions, s.common().repeat().orElse(null));
    }

    private Condition condition(ScenarioSpec.Condition c) {
        return switch (c) {
            case ScenarioSpec.Condition.IsSet i -> new Condition.IsSet(sources.compile(i.variable().value(), i.variable()), i.negated());
            case ScenarioSpec.Condition.Status st -> new Condition.Status(st.statuses().stream().mapToInt(Integer::intValue).toArray());
            case ScenarioSpec.Condition.Chance ch -> new Condition.Chance(ch.probability());
        };
    }

    private HttpStep request(StepSpec.Request r, String name) {
        String line = r.line().value().trim();
        String[] parts = line.split("\\s+", 3);
        String method = parts[0].toUpperCase(java.util.Locale.ROOT);
        if (parts.length < 2 || !METHODS.contains(method)) {
            throw new ConfigException(r.line().origin(), "request '" + line + "': write it as METHOD TARGET PATH (GET posts /feed) "
                    + "or METHOD URL (GET http://127.0.0.1:8080/), METHOD one of " + String.join(", ", new TreeSet<>(METHODS)));
        }
        String service;
        Template url;
        if (parts.length == 3) {
            service = parts[1];
            URI base = config.target().service(service).orElseThrow(() -> unknownTarget(service, r.line().origin()));
            if (!parts[2].startsWith("/")) {
                throw new ConfigException(r.line().origin(), "request '" + line + "': the path must start with '/'");
            }
            url = template(new Text(base + parts[2], r.line().origin()));
        } else {
            service = "http";
            url = template(new Text(parts[1], r.line().origin()));
            if (url.isConstant()) {
                checkUrl(url.text(), r.line());
            }
        }
        String shape = url.shape();
        String path = parts.length == 3 ? parts[2] : shape.replaceFirst("^[a-zA-Z]+://[^/]*", "");
        if (parts.length == 3) {
            path = template(new Text(parts[2], r.line().origin())).shape();
        }
        int q = path.indexOf('?');
        String endpoint = r.endpoint().map(Text::value).orElse(method + " " + (q >= 0 ? path.substring(0, q) : path.isEmpty() ? "/" : path));
        EndpointMeter meter = metrics.endpoint(service, endpoint, method);
        Template[] queryValues = r.query().stream().map(p -> template(p.value())).toArray(Template[]::new);
        String[] queryNames = r.query().stream().map(p -> p.name().value()).toArray(String[]::new);
        Optional<URI> fixed = Optional.empty();
        if (url.isConstant() && queryValues.length == 0) {
            fixed = Optional.of(checkUrl(url.text(), r.line()));
        }
        Template[] headers = pairs(r.headers());
        HttpStep.Body body = r.body().map(b -> body(b, r.common().origin())).orElse(HttpStep.Body.NONE);
        // captures are set after the request: the checks may read them, later steps too
        List<Capture> captures = new ArrayList<>();
        for (CaptureSpec c : r.captures()) {
            captures.add(responses.capture(c, meter));
        }
        r.captures().forEach(c -> defined.add(c.variable().value()));
        List<Check> checks = new ArrayList<>();
        for (CheckSpec c : r.checks()) {
            checks.add(responses.check(c, meter));
        }
        boolean needsJson = captures.stream().anyMatch(c -> c.kind() == Capture.Kind.JSON) || checks.stream().anyMatch(c -> c.kind() == Check.Kind.JSON);
        // when no capture or check reads the body, the response's body is not kept
        boolean readsBody = captures.stream().anyMatch(c -> c.kind() != Capture.Kind.HEADER)
                || checks.stream().anyMatch(c -> c.kind() == Check.Kind.JSON || c.kind() == Check.Kind.BODY_CONTAINS);
        return new HttpStep(name, meter, method, fixed, url, queryNames, queryValues, headers, body, r.auth(), r.login(),
                r.expect().stream().mapToInt(Integer::intValue).sorted().toArray(), captures.toArray(new Capture[0]),
                checks.toArray(new Check[0]), needsJson, readsBody);
    }

    private ConfigException unknownTarget(String name, Origin origin) {
        Set<String> known = config.target().services().keySet();
        String hint = Suggest.nearest(name, known).map(s -> " (did you mean '" + s + "'?)").orElse("; targets: " + String.join(", ", known));
        return new ConfigException(origin, "no target named '" + name + "'" + hint + "; add it as target." + name
                + " (auth, users, posts, chat) or target.named." + name);
    }

    private static URI checkUrl(String url, Text where) {
        try {
            URI u = URI.create(url);
            if (u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
                throw new IllegalArgumentException("not an http(s) URL with a host");
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where.origin(), "'" + url + "' is not a URL (" + e.getMessage() + "); write it like http://127.0.0.1:8080/path");
        }
    }

    private HttpStep.Body body(Body b, Origin origin) {
        return switch (b) {
            case Body.Json j -> new HttpStep.Body(dev.loadgen.protocol.HttpCall.JSON, Optional.of(jsonBody(j.tree())), new Template[0],
                    Optional.empty(), new byte[0]);
            case Body.Form f -> new HttpStep.Body("application/x-www-form-urlencoded", Optional.empty(), pairs(f.fields()), Optional.empty(),
                    new byte[0]);
            case Body.Raw r -> new HttpStep.Body(r.contentType().orElse("text/plain; charset=utf-8"), Optional.empty(), new Template[0],
                    Optional.of(template(r.text())), new byte[0]);
            case Body.File f -> {
                Path p = dev.loadgen.config.Scenarios.relative(f.path().value(), f.path().origin());
                try {
                    yield new HttpStep.Body(f.contentType().orElse("application/octet-stream"), Optional.empty(), new Template[0],
                            Optional.empty(), Files.readAllBytes(p));
                } catch (IOException e) {
                    throw new ConfigException(f.path().origin(), "body file " + p + " cannot be read (" + e.getMessage()
                            + "); check the path (relative to the file it is written in)");
                }
            }
        };
    }

    private Sockets.Frame frame(Body b, Origin origin) {
        return switch (b) {
            case Body.Json j -> jsonBody(j.tree());
            case Body.Raw r -> new Sockets.TextFrame(template(r.text()));
            default -> throw new ConfigException(origin, "a WebSocket frame is json (a map) or text");
        };
    }

    private JsonBody jsonBody(dev.loadgen.config.ConfigNode tree) {
        List<String> reads = new ArrayList<>();
        JsonBody body = JsonBody.compile(tree, sources, reads, JsonPaths.mapper());
        reads.forEach(v -> readable(v, tree.origin()));
        return body;
    }

    private Step collect(StepSpec.Collect c) {
        Variables.Var[] lists = new Variables.Var[c.values().size()];
        Pools.Pool[] targets = new Pools.Pool[c.values().size()];
        Template[] values = new Template[c.values().size()];
        for (int i = 0; i < values.length; i++) {
            Pair p = c.values().get(i);
            values[i] = template(p.value());
            String n = p.name().value();
            if (c.kind() == StepSpec.Collect.Kind.PUBLISH) {
                targets[i] = pools.get(n);
                if (targets[i] == null) {
                    throw new ConfigException(p.name().origin(), "publish: no pool named '" + n + "'" + hint(n, pools.keySet()) + "; declare it under pools");
                }
                if (targets[i].fixed()) {
                    throw new ConfigException(p.name().origin(), "publish: pool '" + n + "' has fixed values; publish to a pool with a size");
                }
            } else {
                lists[i] = variables.get(n).filter(Variables.Var::isList).orElseThrow(() -> new ConfigException(p.name().origin(),
                        c.kind().name().toLowerCase(java.util.Locale.ROOT) + ": '" + n + "' is not a list; declare it under variables, like "
                                + n + ": {list: 50}"));
            }
        }
        return new LocalSteps.Gather(c.kind(), lists, targets, values);
    }

    private Step pick(StepSpec.Pick p, String name) {
        LocalSteps.From[] from = new LocalSteps.From[p.from().size()];
        double[] weights = new double[from.length];
        for (int i = 0; i < from.length; i++) {
            ScenarioSpec.Source s = p.from().get(i);
            weights[i] = s.weight();
            String n = s.name().value();
            if (pools.containsKey(n)) {
                from[i] = new LocalSteps.From.Pool(pools.get(n));
            } else if (n.endsWith(".groups") && spec.sockets().containsKey(n.substring(0, n.length() - 7))) {
                from[i] = new LocalSteps.From.Items(null, socket(new Text(n.substring(0, n.length() - 7), s.name().origin())).index());
            } else {
                Variables.Var v = variables.get(n).orElseThrow(() -> new ConfigException(s.name().origin(), "pick: '" + n
                        + "' is not a pool, a list variable or a socket's groups" + hint(n, pools.keySet())));
                readable(n, s.name().origin());
                from[i] = new LocalSteps.From.Items(v, -1);
            }
        }
        Optional<Template> not = p.not().map(this::template);
        Optional<Template> or = p.or().map(this::template);
        p.orElse().ifPresent(a -> Scenario.actionName(a, spec.actions().keySet(), "pick: else"));
        defined.add(p.into().value());
        return new LocalSteps.Pick(name, var(p.into()), from, weights, p.by(), LocalSteps.Zipf.of(p.skew()), not, p.remove(), or,
                p.orElse().map(Text::value));
    }

    private SocketSteps.Await await(StepSpec.WsAwait w, String name) {
        Sockets.Spec s = socket(w.socket());
        String[] fields = w.match().stream().map(p -> p.name().value()).toArray(String[]::new);
        Template[] values = w.match().stream().map(p -> template(p.value())).toArray(Template[]::new);
        Capture[] captures = w.captures().stream().map(c -> responses.capture(c, s.meter())).toArray(Capture[]::new);
        w.captures().forEach(c -> defined.add(c.variable().value()));
        String match = String.join(", ", w.match().stream().map(p -> p.name().value() + "=" + p.value().value()).toList());
        return new SocketSteps.Await(name, s, fields, values, w.timeout().toNanos(), captures, Sockets.awaitCounter(s, match));
    }

    private Sockets.Spec socket(Text name) {
        Sockets.Spec s = sockets.get(name.value());
        if (s != null) {
            return s;
        }
        ScenarioSpec.SocketSpec declared = spec.sockets().get(name.value());
        if (declared == null) {
            throw new ConfigException(name.origin(), "no socket named '" + name.value() + "'" + hint(name.value(), spec.sockets().keySet())
                    + "; declare it under sockets");
        }
        int index = List.copyOf(spec.sockets().keySet()).indexOf(name.value());
        s = new SocketDeclarations(config, metrics, variables, this::template, this::jsonBody, this::unknownTarget)
                .compile(declared, index, awaited.contains(name.value()), ws, clock);
        sockets.put(name.value(), s);
        return s;
    }

    private static void awaited(List<StepSpec> steps, Set<String> out) {
        for (StepSpec s : steps) {
            if (s instanceof StepSpec.WsAwait w) {
                out.add(w.socket().value());
            } else if (s instanceof StepSpec.Group g) {
                awaited(g.steps(), out);
            }
        }
    }

    /** Name and value templates of pairs, flattened: name, value, name, value... */
    private Template[] pairs(List<Pair> pairs) {
        List<Template> out = new ArrayList<>();
        for (Pair p : pairs) {
            out.add(Template.constant(p.name().value()));
            out.add(template(p.value()));
        }
        return out.toArray(new Template[0]);
    }

    private Template template(Text t) {
        Template template = sources.template(t);
        template.variables().forEach(v -> readable(v, t.origin()));
        return template;
    }

    /** A value that lives only for its action must have been set by an earlier step of the action. */
    private void readable(String name, Origin origin) {
        variables.get(name).filter(v -> v.scope() == Variables.Scope.ACTION && !v.name().equals("group")).ifPresent(v -> {
            if (!defined.contains(name)) {
                throw new ConfigException(origin, "${" + name + "} is read before any step of action '" + action + "' sets it (values not "
                        + "declared under variables live for the action that sets them); set it earlier here, or declare it under variables");
            }
        });
    }

    private Variables.Var var(Text name) {
        return variables.get(name.value()).orElseThrow();
    }

    /** The action's own values, cleared when it begins: those of its steps' values that live only for it. */
    private void collectLocals(Set<Integer> out) {
        for (Variables.Var v : variables.all()) {
            if (v.scope() == Variables.Scope.ACTION && defined.contains(v.name())) {
                out.add(v.slot());
            }
        }
    }

    private static String hint(String name, Set<String> known) {
        return Suggest.nearest(name, known).map(s -> " (did you mean '" + s + "'?)").orElse("");
    }
}
