package dev.loadgen.behavior;

import dev.loadgen.protocol.HttpCall;
import dev.loadgen.protocol.HttpReply;

/** What every built-in service behaviour does the same way: send with the user's token, log in again on 401. */
abstract class ServiceBehavior implements Behavior {
    static final int[] OK = HttpCall.ANY_SUCCESS;
    /** Content another user may have deleted, or the target evicted: a 404 is a normal answer there. */
    static final int[] OK_OR_GONE = {200, 201, 204, 404};
    private static final String[] NONE = {};

    final Services services;
    private final AuthBehavior auth;

    ServiceBehavior(Services services, AuthBehavior auth) {
        this.services = services;
        this.auth = auth;
    }

    /** The behaviour that signs users in: the auth behaviour itself, for its own authenticated calls. */
    AuthBehavior auth() {
        return auth;
    }

    HttpReply get(UserSession s, Route r, String[] path, boolean authed, int[] expect, String... query) throws InterruptedException {
        return send(s, r, path, null, authed, expect, query);
    }

    /**
     * Sends a request; with {@code authed}, makes sure the user is logged in with a fresh token first,
     * and on 401 logs in again and retries once, as a client app would.
     */
    HttpReply send(UserSession s, Route r, String[] path, Object body, boolean authed, int[] expect, String... query)
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

    static String[] path(String... values) {
        return values;
    }
}
