package dev.loadgen.behavior;

import dev.loadgen.protocol.HttpCall;
import dev.loadgen.protocol.HttpReply;

/**
 * What every service behaviour does the same way: send with the user's token, log in again on a 401,
 * as a client app would. The base of the built-in behaviours and of plug-ins ({@link BehaviorProvider}).
 */
public abstract class ServiceBehavior implements Behavior {
    protected static final int[] OK = HttpCall.ANY_SUCCESS;
    /** Content another user may have deleted, or the target evicted: a 404 is a normal answer there. */
    protected static final int[] OK_OR_GONE = {200, 201, 204, 404};
    private static final String[] NONE = {};

    protected final Services services;

    protected ServiceBehavior(Services services) {
        this.services = services;
    }

    /** The behaviour that signs users in (the auth behaviour itself, for its own authenticated calls). */
    AuthBehavior auth() {
        return services.auth().orElseThrow(() -> new IllegalStateException(
                "an action needs a logged-in user but there is no auth behaviour: set target.auth and users.account"));
    }

    protected HttpReply get(UserSession s, Route r, String[] path, boolean authed, int[] expect, String... query) throws InterruptedException {
        return send(s, r, path, null, authed, expect, query);
    }

    /**
     * Sends a request; with {@code authed}, makes sure the user is logged in with a fresh token first,
     * and on 401 logs in again and retries once, as a client app would.
     */
    protected HttpReply send(UserSession s, Route r, String[] path, Object body, boolean authed, int[] expect, String... query)
            throws InterruptedException {
        if (authed && !auth().ensureLoggedIn(s)) {
            return new HttpReply(0, HttpCall.NO_BODY, dev.loadgen.metrics.Outcome.HTTP_ERROR);
        }
        byte[] bytes = body == null ? HttpCall.NO_BODY : services.toJson(body);
        HttpReply reply = once(s, r, path, bytes, authed, expect, query);
        if (authed && reply.status() == 401) {
            s.loggedOut();
            if (auth().ensureLoggedIn(s)) {
                reply = once(s, r, path, bytes, true, expect, query);
            }
        }
        return reply;
    }

    private HttpReply once(UserSession s, Route r, String[] path, byte[] body, boolean authed, int[] expect, String... query)
            throws InterruptedException {
        String[] headers = authed ? s.authHeaders() : NONE;
        return services.http().send(new HttpCall(r.meter(), r.method(), r.uri(path, query), headers, body, expect, s.takeIntended()));
    }

    protected static String[] path(String... values) {
        return values;
    }
}
