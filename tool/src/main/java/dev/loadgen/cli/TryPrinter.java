package dev.loadgen.cli;

import dev.loadgen.metrics.CheckCounter;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.protocol.HttpCall;
import dev.loadgen.protocol.HttpReply;
import dev.loadgen.protocol.HttpTransport;
import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.protocol.Judge;
import dev.loadgen.protocol.WireFault;
import dev.loadgen.protocol.WsListener;
import dev.loadgen.protocol.WsSession;
import dev.loadgen.protocol.WsTransport;
import java.net.URI;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code loadgen try}'s view of the wire: each request as it goes out (method, URL, headers, the start of the
 * body) and its response (status, time, headers, the start of the body), the checks judged on it, then after
 * each action the values captured and the steps skipped. Secrets are redacted.
 */
final class TryPrinter implements HttpTransport {
    private static final int BODY = 400;

    private final HttpTransport inner;
    private final Metrics metrics;
    private final PrintStream out;
    private Map<String, Long> skipsBefore = Map.of();
    private int requests;
    private int failed;

    TryPrinter(HttpTransport inner, Metrics metrics, PrintStream out) {
        this.inner = inner;
        this.metrics = metrics;
        this.out = out;
    }

    @Override
    public HttpReply send(HttpCall call) throws InterruptedException {
        out.println("-> " + call.method() + " " + TryCommand.show("url", call.uri()));
        for (int i = 0; i + 1 < call.headers().length; i += 2) {
            out.println("   " + call.headers()[i] + ": " + TryCommand.show(call.headers()[i], call.headers()[i + 1]));
        }
        if (call.body().length > 0) {
            out.println("   " + body(call.body()));
        }
        // the checks are judged before the response is returned; their lines are printed after it
        List<String> judged = new ArrayList<>();
        // the exchange is shown with its body, so the body is kept (up to target.max-response-body) even with no check reading it
        Judge judge = (reply, elapsed, injected) -> {
            Map<String, long[]> before = checks(call);
            Optional<String> verdict = call.judge().judge(reply, elapsed, injected);
            checks(call).forEach((name, now) -> {
                long[] was = before.getOrDefault(name, new long[2]);
                if (now[0] > was[0]) {
                    judged.add("   check '" + name + "': passed");
                }
                if (now[1] > was[1]) {
                    judged.add("   check '" + name + "': FAILED");
                }
            });
            return verdict;
        };
        HttpCall traced = new HttpCall(call.endpoint(), call.method(), call.uri(), call.headers(), call.body(), call.expect(),
                call.intendedStartNanos(), call.fault(), call.contentType(), call.session(), judge);
        long t0 = System.nanoTime();
        HttpReply r = inner.send(traced);
        requests++;
        failed += r.ok() ? 0 : 1;
        out.println("<- " + (r.status() == 0 ? "no response" : r.status()) + " " + r.outcome().label + " in " + TryCommand.millis(System.nanoTime() - t0)
                + " (" + call.endpoint().name() + ")");
        for (String line : r.headers().lines()) {
            int colon = line.indexOf(':');
            out.println("   " + line.substring(0, colon) + ": " + TryCommand.show(line.substring(0, colon), line.substring(colon + 2)));
        }
        if (r.body().length > 0) {
            out.println("   " + body(r.body()));
        }
        judged.forEach(out::println);
        return r;
    }

    private static Map<String, long[]> checks(HttpCall call) {
        Map<String, long[]> out = new HashMap<>();
        for (CheckCounter c : call.endpoint().checks().values()) {
            out.put(c.name(), new long[] {c.passedCount(), c.failedCount()});
        }
        return out;
    }

    private static String body(byte[] b) {
        String s = new String(b, 0, Math.min(b.length, BODY), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        return dev.loadgen.config.Redaction.text(s) + (b.length > BODY ? "... (" + b.length + " bytes)" : "");
    }

    /** Prints the values that the action set or changed, and the steps it skipped; returns the values now. */
    Map<String, Object> afterAction(Map<String, Object> now, Map<String, Object> before) {
        now.forEach((name, v) -> {
            if (!v.equals(before.get(name))) {
                out.println("   " + name + " = " + TryCommand.show(name, v instanceof List<?> l && l.size() > 10
                        ? l.subList(0, 10) + " ... (" + l.size() + " values)" : v));
            }
        });
        Map<String, Long> skips = metrics.skips().byReason();
        skips.forEach((reason, n) -> {
            if (n > skipsBefore.getOrDefault(reason, 0L)) {
                failed++;
                out.println("   skipped: " + reason);
            }
        });
        skipsBefore = skips;
        return now;
    }

    boolean allPassed() {
        return failed == 0;
    }

    String verdict() {
        return requests + " requests; " + (failed == 0 ? "every request and check passed, nothing skipped"
                : failed + " failed or skipped (see above)");
    }

    @Override
    public void close() {
        inner.close();
    }

    /** The same for WebSockets: the handshake, and every frame each way. */
    WsTransport sockets(WsTransport transport) {
        return new WsTransport() {
            @Override
            public Handshake connect(EndpointMeter handshake, URI uri, String[] headers, WsListener listener, long intendedStartNanos,
                                     WireFault fault) throws InterruptedException {
                out.println("-> WS " + TryCommand.show("url", uri));
                WsListener shown = new WsListener() {
                    @Override
                    public String onText(String text) {
                        out.println("   <= " + TryCommand.show("frame", text));
                        return listener.onText(text);
                    }

                    @Override
                    public void onClose(int code, String reason) {
                        out.println("   socket closed: " + code + (reason == null || reason.isBlank() ? "" : " " + reason));
                        listener.onClose(code, reason);
                    }
                };
                Handshake h = transport.connect(handshake, uri, headers, shown, intendedStartNanos, fault);
                requests++;
                failed += h.session().isPresent() ? 0 : 1;
                out.println("<- " + (h.status() == 0 ? "no response" : h.status()) + " (" + handshake.name() + ")");
                return new Handshake(h.session().map(session -> new WsSession() {
                    @Override
                    public boolean send(String type, String text) {
                        out.println("   => " + TryCommand.show("frame", text));
                        return session.send(type, text);
                    }

                    @Override
                    public boolean isOpen() {
                        return session.isOpen();
                    }

                    @Override
                    public void close() {
                        session.close();
                    }

                    @Override
                    public void drop() {
                        session.drop();
                    }
                }), h.status());
            }

            @Override
            public void close() {
                transport.close();
            }
        };
    }
}
