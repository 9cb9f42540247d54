package dev.loadgen.behavior;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.protocol.HttpCall;
import dev.loadgen.protocol.HttpReply;
import dev.loadgen.protocol.Judge;
import java.net.URI;
import java.util.Optional;

/**
 * What a plug-in's behaviours may use: the meter of an endpoint (every request is recorded against one),
 * the targets' base URLs, and sending a user's request, timed, recorded and traced like the scenario's own,
 * with the user's connections and cookies, and (when asked) its login from the scenario's {@code auth}.
 */
public final class PluginContext {
    private final ScenarioRuntime runtime;

    PluginContext(ScenarioRuntime runtime) {
        this.runtime = runtime;
    }

    /** The meter of an endpoint, named by method and route template ({@code GET /search}); the same one for the same names. */
    public EndpointMeter endpoint(String service, String name, String method) {
        return runtime.services().metrics().endpoint(service, name, method);
    }

    /** The base URL of a target ({@code target.named.search}). */
    public Optional<URI> target(String name) {
        return runtime.services().target().service(name);
    }

    public ObjectMapper json() {
        return runtime.services().json();
    }

    /**
     * Sends a request for a user. With {@code authenticated}, the user logs in first when it must, the
     * request carries the scenario's auth headers, and a 401 logs the user in again for one more try.
     * The call's session and intended start are the user's.
     */
    public HttpReply send(UserState user, HttpCall call, boolean authenticated) throws InterruptedException {
        ActionRun run = new ActionRun(runtime, user, "plug-in", false);
        Auth auth = runtime.auth();
        if (authenticated && !auth.ensureLoggedIn(run)) {
            return new HttpReply(0, HttpCall.NO_BODY, dev.loadgen.metrics.Outcome.HTTP_ERROR);
        }
        if (!authenticated) {
            return runtime.services().send(user, withUser(run, call, false));
        }
        return auth.sendLoggedIn(run, () -> runtime.services().send(user, withUser(run, call, true)));
    }

    private static HttpCall withUser(ActionRun run, HttpCall call, boolean authenticated) {
        String[] auth = authenticated ? run.runtime().auth().headers(run) : HttpCall.NO_HEADERS;
        String[] headers = new String[auth.length + call.headers().length];
        System.arraycopy(auth, 0, headers, 0, auth.length);
        System.arraycopy(call.headers(), 0, headers, auth.length, call.headers().length);
        // a plug-in reads the reply it is given: its body is kept (up to target.max-response-body) unless its judge says otherwise
        Judge judge = call.judge() == Judge.NONE ? Judge.KEEP_BODY : call.judge();
        return new HttpCall(call.endpoint(), call.method(), call.uri(), headers, call.body(), call.expect(), run.user().takeIntended(),
                call.fault(), call.contentType(), run.user().http(), judge);
    }
}
