package dev.loadgen.protocol;

import dev.loadgen.config.NetworkConfig;
import dev.loadgen.metrics.Outcome;
import dev.loadgen.metrics.Recorder;
import dev.loadgen.metrics.RequestSample;
import dev.loadgen.tracing.ClientSpan;
import dev.loadgen.time.Clock;
import dev.loadgen.tracing.Tracing;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpScheme;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * {@link HttpTransport} over Jetty 12's HttpClient: HTTP/1.1 keep-alive, one selector, Jetty's callbacks on
 * virtual threads, a total timeout per request. Redirects are followed by loadgen ({@link Redirects}), each hop a request
 * of its own that the allow-list judges, never by Jetty; bodies are decoded by loadgen too ({@link Compression}).
 * Each user's requests carry its {@link ClientSession}: its own connections and cookies, or the pool all
 * users share. With tracing on, each request is a client span whose {@code traceparent} and {@code baggage}
 * go out with it.
 */
public final class JettyHttpTransport implements HttpTransport {
    /** A client (and one for WebSocket upgrades) per distinct network setting: TLS, protocol and proxy are a client's. */
    private final Map<NetworkConfig, HttpClient> clients = new LinkedHashMap<>();
    private final Map<NetworkConfig, HttpClient> upgradeClients = new LinkedHashMap<>();
    private final HttpClient client;
    private final Networks networks;
    private final Recorder recorder;
    private final HostPolicy hosts;
    private final long timeoutMillis;
    private final long idleTimeoutMillis;
    private final RequestTimeouts timeouts;
    private final Tracing tracing;
    private final String userAgent;
    private final int connectTimeoutMillis;
    private final int maxBodyBytes;
    private final Clock clock;
    private final ConnectionTimings timings;

    /**
     * How the client is set up.
     *
     * @param idleTimeout how long a connection stays open unused before it is closed (a browser's are closed
     *                   after a minute or two, and most servers close theirs sooner)
     * @param users      how many users may send at once (the shared pool's size)
     * @param perUser    each user has its own connections: then a user's destination queues little (a user sends
     *                   one request at a time) and is dropped after a minute without traffic
     * @param maxBodyBytes how much of a response body is kept for a {@link Judge} that reads it ({@code target.max-response-body})
     */
    public record Settings(Duration timeout, Duration connectTimeout, Duration idleTimeout, int users, String userAgent, boolean perUser,
                           int maxBodyBytes, Networks networks) {
        public Settings(Duration timeout, Duration connectTimeout, Duration idleTimeout, int users, String userAgent, boolean perUser) {
            this(timeout, connectTimeout, idleTimeout, users, userAgent, perUser, dev.loadgen.config.TargetConfig.DEFAULT_MAX_RESPONSE_BODY);
        }

        public Settings(Duration timeout, Duration connectTimeout, Duration idleTimeout, int users, String userAgent, boolean perUser,
                        int maxBodyBytes) {
            this(timeout, connectTimeout, idleTimeout, users, userAgent, perUser, maxBodyBytes, Networks.defaults());
        }
    }

    public JettyHttpTransport(Recorder recorder, HostPolicy hosts, Settings settings, Clock clock) {
        this(recorder, hosts, settings, Tracing.off(), clock);
    }

    /** {@code clock} times every exchange and carries out injected pauses, so that a test can run both in virtual time. */
    public JettyHttpTransport(Recorder recorder, HostPolicy hosts, Settings settings, Tracing tracing, Clock clock) {
        this.clock = clock;
        this.tracing = tracing;
        this.userAgent = settings.userAgent();
        this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis());
        this.recorder = recorder;
        this.hosts = hosts;
        this.timeoutMillis = settings.timeout().toMillis();
        this.idleTimeoutMillis = settings.idleTimeout().toMillis();
        this.timeouts = new RequestTimeouts(timeoutMillis);
        this.maxBodyBytes = settings.maxBodyBytes();
        this.networks = settings.networks();
        this.timings = new ConnectionTimings(clock, recorder);
        VirtualThreadPool threads = new VirtualThreadPool();
        for (NetworkConfig network : networks.distinct()) {
            HttpClient c = start(settings, network, network.http(), settings.perUser(), threads, timings);
            clients.put(network, c);
            // A WebSocket is a connection of its own, opened by its upgrade and never back in a pool, in a browser
            // as here: upgrades go through a pool sized for all users, not through a user's few connections. They
            // are HTTP/1.1 upgrades whatever the requests speak: a client that may speak h2 would upgrade over an
            // HTTP/2 stream (RFC 8441), which few servers accept.
            boolean own = settings.perUser() || network.http() != NetworkConfig.Http.H1;
            upgradeClients.put(network, own ? start(settings, network, NetworkConfig.Http.H1, false, threads, timings) : c);
        }
        client = clients.get(networks.all());
    }

    private static HttpClient start(Settings settings, NetworkConfig network, NetworkConfig.Http http, boolean perUser,
                                    java.util.concurrent.Executor executor, ConnectionTimings timings) {
        ClientConnector connector = new ClientConnector();
        connector.setSelectors(1);
        connector.setConnectTimeout(settings.connectTimeout());
        connector.setIdleTimeout(settings.idleTimeout());
        connector.setSslContextFactory(TlsContexts.client(network.tls()));
        HttpClient client = new HttpClient(Protocols.transport(connector, http));
        Routes.configure(client, network.proxy(), settings.networks().hostOverrides());
        // Jetty's own callbacks on virtual threads: the fastest set-up in bench/clients (docs/benchmarks.md)
        client.setExecutor(executor);
        client.setIdleTimeout(settings.idleTimeout().toMillis());
        client.setFollowRedirects(false);
        // users' cookies are their own; one store shared by all would mix them up
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        if (perUser) {
            // a browser opens up to 6 connections per host; a queue of 1024 would be 4 KB per user and host
            client.setMaxConnectionsPerDestination(6);
            client.setMaxRequestsQueuedPerDestination(16);
            // once its connections are closed, a user's destination (its pool, queue and timers) goes too
            client.setDestinationIdleTimeout(Math.min(10_000, settings.idleTimeout().toMillis()));
        } else {
            client.setMaxConnectionsPerDestination(Math.max(1, settings.users()));
            client.setMaxRequestsQueuedPerDestination(Math.max(1024, settings.users() * 2));
        }
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, settings.userAgent()));
        timings.watch(connector, client);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP client: " + e.getMessage(), e);
        }
        // Jetty decodes nothing and asks for nothing: loadgen does both, where compression is on (Compression). Jetty 12.1
        // fills an empty list of decoders with every compression on the class path when it starts, so it is emptied after.
        client.getContentDecoderFactories().clear();
        Compression.configure(client, network.compression());
        return client;
    }

    /** The clients WebSocket upgrades go through, per network setting: they share the HTTP clients' threads. */
    Map<NetworkConfig, HttpClient> upgrades() {
        return upgradeClients;
    }

    Networks networks() {
        return networks;
    }

    HttpClient clientFor(URI uri) {
        return clients.size() == 1 ? client : clients.get(networks.of(uri));
    }

    Tracing tracing() {
        return tracing;
    }

    Clock clock() {
        return clock;
    }

    @Override
    public HttpReply send(HttpCall call) throws InterruptedException {
        if (!hosts.allows(call.uri())) {
            throw new HostRefusedException(HostPolicy.refusal(call.uri()));
        }
        int redirects = networks.of(call.uri()).redirects();
        return redirects == 0 ? exchange(call, Redirects.OFF) : new Redirects(redirects, hosts, recorder, clock).follow(call, this::exchange);
    }

    /** One request of a chain of redirects (the only one, when they are not followed): sent, timed, judged and recorded. */
    private HttpReply exchange(HttpCall call, Redirects chain) throws InterruptedException {
        // The total timeout is kept by RequestTimeouts, not Jetty. While a request waits for its answer only that timeout counts,
        // not the connection's idle timeout: raised to it when it is shorter (never lowered: a lower one would cancel and
        // set the connection's idle timer at every request).
        Request request = clientFor(call.uri()).newRequest(call.uri()).method(call.method());
        if (timeoutMillis > idleTimeoutMillis) {
            request.idleTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
        }
        call.session().prepare(request, call.uri());
        ClientSpan span = tracing.client(call.endpoint().name(), call.method(), call.endpoint().template(), call.uri());
        String[] h = call.headers();
        String[] trace = span.headers();
        if (call.uri().getRawUserInfo() != null && !UserInfo.setsAuthorization(h)) {
            String basic = UserInfo.basic(call.uri());
            request.headers(fields -> fields.put(HttpHeader.AUTHORIZATION, basic));
        }
        if (h.length > 0 || trace.length > 0) {
            request.headers(fields -> {
                for (int i = 0; i + 1 < h.length; i += 2) {
                    fields.put(h[i], h[i + 1]);
                }
                for (int i = 0; i + 1 < trace.length; i += 2) {
                    fields.put(trace[i], trace[i + 1]);
                }
            });
        }
        WireFault fault = call.fault();
        boolean chaos = fault != WireFault.NONE && fault.injected();
        if (chaos && fault.abortAfterSend()) {
            long sent = clock.nanoTime();
            AbortAfterSend.send(call, Routes.route(networks, call.uri()), trace, userAgent, connectTimeoutMillis);
            recorder.record(new RequestSample(call.endpoint(), 0, Outcome.CHAOS, call.intendedStartNanos(), sent, clock.nanoTime(),
                    span.traceId(), span.spanId()));
            span.end(0, Outcome.CHAOS.label, true);
            return new HttpReply(0, HttpCall.NO_BODY, Outcome.CHAOS);
        }
        boolean slow = chaos && fault.uploadBytesPerSecond() > 0 && call.body().length > 0;
        if (call.body().length > 0 && !slow) {
            request.body(new BytesRequestContent(call.contentType(), call.body()));
        }
        long sent = clock.nanoTime();
        int status = 0;
        byte[] body = HttpCall.NO_BODY;
        Outcome outcome = Outcome.OK;
        Throwable failure = null;
        Headers headers = Headers.NONE;
        String errorText = null;
        BodyReader reader = new BodyReader(call, maxBodyBytes, timeouts);
        try {
            if (chaos && fault.pauseNanos() > 0) {
                clock.sleepUntil(sent + fault.pauseNanos(), () -> false);
                sent = clock.nanoTime();
            }
            Result result = slow ? SlowUpload.send(request, call.body(), fault.uploadBytesPerSecond(), clock, reader) : reader.send(request);
            if (reader.error().isPresent()) {
                throw reader.error().get();
            }
            if (result.isFailed()) {
                Throwable f = Protocols.explained(result.getFailure(), networks.of(call.uri()).http(),
                        HttpScheme.HTTPS.is(call.uri().getScheme()));
                if (f instanceof VirtualMachineError e) {
                    throw e;
                }
                outcome = f instanceof TimeoutException ? Outcome.TIMEOUT : classify(f);
                failure = f instanceof TimeoutException ? null : f;
                if (outcome == Outcome.TLS_ERROR) {
                    errorText = TlsFailures.describe(f, call.uri(), networks.of(call.uri()).tls());
                }
            } else {
                Response r = result.getResponse();
                status = r.getStatus();
                body = reader.body();
                headers = new Headers(r.getHeaders());
                call.endpoint().answeredOver(Protocols.of(r.getVersion(), HttpScheme.HTTPS.is(call.uri().getScheme())));
                call.session().received(call.uri(), r.getHeaders());
                outcome = call.isExpected(status) ? Outcome.OK : Outcome.HTTP_ERROR;
                Redirects.Verdict hop = chain.verdict(call.uri(), status, headers);
                if (!hop.last()) {
                    // a redirect: followed (its own request, not judged: the last one is) or refused, and said why
                    outcome = hop.outcome();
                    errorText = hop.errorText().orElse(null);
                } else if (outcome == Outcome.OK && reader.tooLarge()) {
                    outcome = Outcome.BODY_TOO_LARGE;
                    errorText = reader.tooLargeText(status);
                } else if (outcome == Outcome.OK && reader.undecodable().isPresent()) {
                    outcome = Outcome.HTTP_ERROR;
                    errorText = "HTTP " + status + ": " + reader.undecodable().get();
                } else if (outcome == Outcome.OK && call.judge() != Judge.NONE) {
                    errorText = call.judge().judge(new HttpReply(status, body, outcome, headers, reader.received()), clock.nanoTime() - sent, chaos)
                            .orElse(null);
                    outcome = errorText == null ? Outcome.OK : Outcome.CHECK_FAILED;
                }
            }
        } catch (InterruptedException e) {
            request.abort(e);
            recorder.record(new RequestSample(call.endpoint(), 0, Outcome.INTERRUPTED, call.intendedStartNanos(), sent, clock.nanoTime(),
                    span.traceId(), span.spanId()), "interrupted at the end of graceful stop");
            span.end(0, Outcome.INTERRUPTED.label, true);
            throw e;
        } catch (VirtualMachineError e) {
            // loadgen's own failure (out of memory), not the target's: the request is cut off and the run hears of it
            request.abort(e);
            recorder.record(new RequestSample(call.endpoint(), 0, Outcome.INTERRUPTED, call.intendedStartNanos(), sent, clock.nanoTime(),
                    span.traceId(), span.spanId()), "cut off: loadgen failed (" + e + ")");
            span.end(0, Outcome.INTERRUPTED.label, true);
            throw e;
        }
        if (chaos) {
            outcome = Outcome.CHAOS;
        }
        timings.record(request, call.endpoint());
        RequestSample sample = new RequestSample(call.endpoint(), status, outcome, call.intendedStartNanos(), sent, clock.nanoTime(),
                span.traceId(), span.spanId(), reader.received(), reader.wireBytes());
        if (!outcome.isError()) {
            recorder.record(sample);
        } else {
            recorder.record(sample, outcome == Outcome.TIMEOUT && failure == null ? ErrorText.timeout(timeoutMillis)
                    : errorText != null ? errorText
                    : failure != null ? ErrorText.failure(failure) : ErrorText.http(status, body));
        }
        span.end(status, outcome.label, outcome != Outcome.OK);
        return new HttpReply(status, body, outcome, headers, reader.received());
    }

    /**
     * A failed exchange's outcome: a timeout; no connection at all (refused, no route, a name that does not
     * resolve, no HTTP/2 where {@code http: 2} asks for it); a connection whose TLS handshake failed; or a connection that was
     * made and then broke (reset or closed by the target before the whole response came). Jetty raises the connection's own
     * failures as {@link IOException}s and only the connect step's as the {@code java.net} ones tested first.
     */
    static Outcome classify(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof java.net.SocketTimeoutException) {
                return Outcome.TIMEOUT;
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof UnresolvedAddressException || t instanceof NoHttp2Exception) {
                return Outcome.CONNECT_ERROR;
            }
        }
        if (TlsFailures.isTls(cause)) {
            return Outcome.TLS_ERROR;
        }
        return cause instanceof IOException ? Outcome.RESET : Outcome.HTTP_ERROR;
    }

    @Override
    public void close() {
        java.util.Set<HttpClient> all = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        all.addAll(upgradeClients.values());
        all.addAll(clients.values());
        for (HttpClient c : all) {
            try {
                c.stop();
            } catch (Exception e) {
                // closing at the end of a run: nothing left to save
            }
        }
        timeouts.close();
    }
}
