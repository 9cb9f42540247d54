package dev.loadgen.protocol;

import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.metrics.Outcome;
import dev.loadgen.metrics.Recorder;
import dev.loadgen.metrics.RequestSample;
import dev.loadgen.metrics.WsCounters;
import dev.loadgen.time.Clock;
import dev.loadgen.tracing.ClientSpan;
import dev.loadgen.tracing.MessageSpan;
import dev.loadgen.tracing.Tracing;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * {@link WsTransport} over Jetty 12's WebSocketClient, sharing the HTTP client's threads. The handshake is
 * timed, recorded and traced like any request (status 101 when it opens, {@code traceparent} and
 * {@code baggage} on the upgrade request); frames are counted in {@link WsCounters} by type, and traced as
 * PRODUCER (sent) and CONSUMER (received) spans.
 */
public final class JettyWsTransport implements WsTransport {
    /** A client per network setting (TLS and proxy are a client's), and which one a URL goes through. */
    private final java.util.Map<dev.loadgen.config.NetworkConfig, WebSocketClient> clients = new java.util.LinkedHashMap<>();
    private final Networks networks;
    private final Recorder recorder;
    private final WsCounters counters;
    private final HostPolicy hosts;
    private final long timeoutMillis;
    private final Tracing tracing;
    private final Clock clock;

    public JettyWsTransport(JettyHttpTransport http, Recorder recorder, WsCounters counters, HostPolicy hosts, Duration timeout) {
        this.recorder = recorder;
        this.counters = counters;
        this.hosts = hosts;
        this.timeoutMillis = timeout.toMillis();
        this.tracing = http.tracing();
        this.clock = http.clock();
        this.networks = http.networks();
        http.upgrades().forEach((network, upgrades) -> {
            WebSocketClient client = new WebSocketClient(upgrades);
            client.setIdleTimeout(Duration.ofMinutes(30));
            client.setConnectTimeout(timeout.toMillis());
            try {
                client.start();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the WebSocket client: " + e.getMessage(), e);
            }
            clients.put(network, client);
        });
    }

    @Override
    public Handshake connect(EndpointMeter handshake, URI uri, String[] headers, WsListener listener,
                             long intendedStartNanos, WireFault fault) throws InterruptedException {
        if (!hosts.allows(uri)) {
            throw new HostRefusedException(HostPolicy.refusal(uri));
        }
        ClientUpgradeRequest upgrade = new ClientUpgradeRequest();
        ClientSpan span = tracing.client(handshake.name(), "GET", handshake.template(), uri);
        if (uri.getRawUserInfo() != null && !UserInfo.setsAuthorization(headers)) {
            upgrade.setHeader("Authorization", UserInfo.basic(uri));
        }
        for (String[] h : new String[][] {headers, span.headers()}) {
            for (int i = 0; i + 1 < h.length; i += 2) {
                upgrade.setHeader(h[i], h[i + 1]);
            }
        }
        upgrade.setTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
        Adapter adapter = new Adapter(listener, counters, tracing, handshake.template(), span);
        long sent = clock.nanoTime();
        CompletableFuture<Session> future = null;
        try {
            future = clients.get(networks.of(uri)).connect(adapter, uri, upgrade);
            Session s = future.get(timeoutMillis + 1000, TimeUnit.MILLISECONDS);
            Outcome ok = fault.injected() ? Outcome.CHAOS : Outcome.OK;
            recorder.record(new RequestSample(handshake, 101, ok, intendedStartNanos, sent, clock.nanoTime(), span.traceId(), span.spanId()));
            span.end(101, ok.label, false);
            return new Handshake(Optional.of(new JettySession(s, handshake.template())), 101);
        } catch (InterruptedException e) {
            if (future != null) {
                future.cancel(true);
            }
            recorder.record(new RequestSample(handshake, 0, Outcome.INTERRUPTED, intendedStartNanos, sent, clock.nanoTime(), span.traceId(), span.spanId()),
                    "interrupted at the end of graceful stop");
            span.end(0, Outcome.INTERRUPTED.label, true);
            throw e;
        } catch (TimeoutException e) {
            future.cancel(true);
            Outcome timeout = fault.injected() ? Outcome.CHAOS : Outcome.TIMEOUT;
            RequestSample sample = new RequestSample(handshake, 0, timeout, intendedStartNanos, sent, clock.nanoTime(), span.traceId(), span.spanId());
            if (timeout == Outcome.CHAOS) {
                recorder.record(sample);
            } else {
                recorder.record(sample, ErrorText.timeout(timeoutMillis));
            }
            span.end(0, timeout.label, true);
            return new Handshake(Optional.empty(), 0);
        } catch (ExecutionException | java.io.IOException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            int status = 0;
            Outcome outcome = JettyHttpTransport.classify(cause);
            for (Throwable t = cause; t != null; t = t.getCause()) {
                if (t instanceof UpgradeException u && u.getResponseStatusCode() > 0) {
                    status = u.getResponseStatusCode();
                    outcome = Outcome.HTTP_ERROR;
                    break;
                }
            }
            RequestSample sample = new RequestSample(handshake, status, fault.injected() ? Outcome.CHAOS : outcome, intendedStartNanos, sent,
                    clock.nanoTime(), span.traceId(), span.spanId());
            if (fault.injected()) {
                outcome = Outcome.CHAOS;
                recorder.record(sample);
            } else {
                recorder.record(sample, status > 0 ? "HTTP " + status + ": WebSocket upgrade refused"
                        : outcome == Outcome.TLS_ERROR ? TlsFailures.describe(cause, uri, networks.of(uri).tls()) : ErrorText.failure(cause));
            }
            span.end(status, outcome.label, true);
            return new Handshake(Optional.empty(), status);
        }
    }

    @Override
    public void close() {
        for (WebSocketClient client : clients.values()) {
            try {
                client.stop();
            } catch (Exception e) {
                // end of the run
            }
        }
    }

    /** Public because Jetty binds to its methods through method handles. */
    public static final class Adapter implements Session.Listener.AutoDemanding {
        private final WsListener listener;
        private final WsCounters counters;
        private final Tracing tracing;
        private final String destination;
        private final ClientSpan handshake;
        private volatile boolean open;

        Adapter(WsListener listener, WsCounters counters, Tracing tracing, String destination, ClientSpan handshake) {
            this.listener = listener;
            this.counters = counters;
            this.tracing = tracing;
            this.destination = destination;
            this.handshake = handshake;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            open = true;
            counters.opened();
        }

        @Override
        public void onWebSocketText(String message) {
            MessageSpan span = tracing.consumer(destination, handshake);
            String type = listener.onText(message);
            span.type(type);
            span.end(true);
            counters.received(type);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            closed(statusCode, reason);
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            closed(1006, String.valueOf(cause.getMessage()));
        }

        private void closed(int code, String reason) {
            if (open) {
                open = false;
                counters.closed();
                listener.onClose(code, reason);
            }
        }
    }

    private final class JettySession implements WsSession {
        private final Session session;
        private final String destination;

        JettySession(Session session, String destination) {
            this.session = session;
            this.destination = destination;
        }

        @Override
        public boolean send(String type, String text) {
            if (!session.isOpen()) {
                return false;
            }
            MessageSpan span = tracing.producer(type, destination);
            // the span lasts until the frame is written (or fails to be); without tracing, no callback at all
            session.sendText(text, span == MessageSpan.NONE ? Callback.NOOP : Callback.from(() -> span.end(true), t -> span.end(false)));
            counters.sent(type);
            return true;
        }

        @Override
        public boolean isOpen() {
            return session.isOpen();
        }

        @Override
        public void close() {
            session.close(1000, "bye", Callback.NOOP);
        }

        @Override
        public void drop() {
            session.disconnect();
        }
    }
}
