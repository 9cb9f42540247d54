package dev.loadgen.behavior;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.protocol.HostRefusedException;
import dev.loadgen.protocol.HttpCall;
import dev.loadgen.protocol.HttpReply;
import dev.loadgen.protocol.Judge;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The request step: builds the request from its templates, sends it with the user's connections, cookies and
 * (when asked) token, and judges the response: captures into variables, checks. A request without
 * placeholders is built once and sent as is, so that a plain request costs little more than the exchange.
 * With {@code auth}, the user logs in first when it must and, on a 401, logs in again and retries once, as a
 * client app would.
 */
record HttpStep(String name, EndpointMeter meter, String method, Optional<URI> fixedUri, Template url, String[] queryNames,
                Template[] queryValues, Template[] headers, Body body, boolean auth, boolean login, int[] expect, Capture[] captures,
                Check[] checks, boolean needsJson, boolean readsBody) implements Step {

    /** How the body is made: none, JSON, form, text or a file's bytes; with its content type. */
    record Body(String contentType, Optional<JsonBody> json, Template[] form, Optional<Template> text, byte[] file) {
        static final Body NONE = new Body(HttpCall.JSON, Optional.empty(), new Template[0], Optional.empty(), HttpCall.NO_BODY);

        byte[] bytes(ActionRun run) {
            if (json.isPresent()) {
                return json.get().bytes(run);
            }
            if (text.isPresent()) {
                return text.get().fill(run).getBytes(StandardCharsets.UTF_8);
            }
            if (form.length > 0) {
                StringBuilder b = new StringBuilder();
                for (int i = 0; i + 1 < form.length; i += 2) {
                    b.append(i == 0 ? "" : "&").append(encode(form[i].fill(run))).append('=').append(encode(form[i + 1].fill(run)));
                }
                return b.toString().getBytes(StandardCharsets.UTF_8);
            }
            return file;
        }
    }

    @Override
    public Next run(ActionRun run) throws InterruptedException {
        Auth authFlow = run.runtime().auth();
        if ((auth || login) && !run.inAuthAction() && !authFlow.ensureLoggedIn(run)) {
            run.skip(name, "not logged in (the login failed; see its endpoint)");
            return Next.END;
        }
        try {
            HttpReply reply = auth && !run.inAuthAction() ? authFlow.sendLoggedIn(run, () -> send(run)) : send(run);
            run.last(reply);
            return Next.GO_ON;
        } catch (HostRefusedException e) {
            run.runtime().services().warnOnce("refused " + name, e.getMessage());
            run.skip(name, "refused: the host is not a target or in target.allowed-hosts");
            return Next.END;
        }
    }

    private HttpReply send(ActionRun run) throws InterruptedException {
        URI uri = fixedUri.orElseGet(() -> uri(run));
        String[] h = HttpCall.NO_HEADERS;
        String[] authHeaders = auth ? run.runtime().auth().headers(run) : HttpCall.NO_HEADERS;
        if (headers.length > 0 || authHeaders.length > 0) {
            h = new String[authHeaders.length + headers.length];
            System.arraycopy(authHeaders, 0, h, 0, authHeaders.length);
            for (int i = 0; i < headers.length; i++) {
                h[authHeaders.length + i] = headers[i].fill(run);
            }
        }
        byte[] bytes = body.bytes(run);
        Judge judge = captures.length == 0 && checks.length == 0 ? Judge.NONE
                : Judge.of(readsBody(), (reply, elapsed, injected) -> judge(run, reply, elapsed, injected));
        HttpCall call = new HttpCall(meter, method, uri, h, bytes, expect, run.user().takeIntended(), dev.loadgen.protocol.WireFault.NONE,
                body.contentType(), run.user().http(), judge);
        HttpReply reply = run.runtime().services().send(run.user(), call);
        if (!reply.ok()) {
            // a capture finds nothing in a failed response: the steps after it must not use an older value
            for (Capture c : captures) {
                run.set(c.var(), null);
            }
        }
        return reply;
    }

    private URI uri(ActionRun run) {
        StringBuilder b = new StringBuilder(url.fill(run, HttpStep::encodePath));
        char sep = b.indexOf("?") >= 0 ? '&' : '?';
        for (int i = 0; i < queryNames.length; i++) {
            b.append(sep).append(encode(queryNames[i])).append('=').append(encode(queryValues[i].fill(run)));
            sep = '&';
        }
        return URI.create(b.toString());
    }

    /** Captures and checks, on the user's thread before the request is recorded. */
    private Optional<String> judge(ActionRun run, HttpReply reply, long elapsedNanos, boolean injected) {
        JsonNode json = needsJson ? run.runtime().services().parseQuietly(reply.body()) : null;
        String failure = null;
        for (Capture c : captures) {
            // a capture that finds nothing is a failed check too, counted under its own name
            Object v = c.take(run, json, reply.body(), reply.headers(), !injected);
            if (v instanceof Capture.Mistyped m && failure == null) {
                failure = "capture " + c.var().name() + ": " + c.describe() + " " + m.describe();
            } else if (v == null && !c.optional() && failure == null) {
                failure = "capture " + c.var().name() + ": " + c.describe() + " found nothing" + (needsJson && json == null ? " (the body is not JSON)" : "");
            }
        }
        if (injected) {
            // an injected fault's response says nothing of the target: its checks are neither passed nor failed
            return Optional.empty();
        }
        for (Check c : checks) {
            String f = c.failure(run, reply, json, elapsedNanos);
            if (f == null) {
                c.counter().passed();
            } else {
                c.counter().failed();
                failure = failure == null ? "check '" + c.name() + "': " + f : failure;
            }
        }
        return Optional.ofNullable(failure);
    }

    static String encode(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A value put into a URL's path: what a path may not hold is escaped, slashes and the rest kept. */
    static String encodePath(String v) {
        StringBuilder b = new StringBuilder(v.length());
        for (byte x : v.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c > 0x20 && c < 0x7f && "\"<>\\^`{|}#% ".indexOf(c) < 0) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }
}
