package dev.loadgen.demo.shared;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.api.trace.StatusCode;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Calls to other demo services: one Jetty {@link HttpClient} per service, a connect timeout and
 * a total timeout on every call, a CLIENT span that injects {@code traceparent}. A dependency
 * that cannot be reached or does not answer in time is a 503, one that answers with a 5xx or
 * garbage is a 502, both with an {@code error} naming the dependency: a caller never hangs.
 */
public final class ServiceClient implements AutoCloseable {
    /** A dependency's answer with a status below 500. */
    public record Answer(int status, byte[] body) {
        /** The body as JSON; a 502 when it is not JSON (the dependency broke the contract). */
        public JsonNode json(Dependency dep) {
            try {
                JsonNode n = Json.MAPPER.readTree(body);
                if (n != null && (n.isObject() || n.isArray())) {
                    return n;
                }
            } catch (IOException e) {
                // falls through to the 502 below
            }
            throw new ApiException(502, dep.name() + " service answered malformed JSON");
        }
    }

    private final HttpClient http;
    private final Duration timeout;
    private final ServiceTracing tracing;
    private final ServiceMetrics metrics;

    public ServiceClient(String service, Duration timeout, ServiceTracing tracing, ServiceMetrics metrics) {
        this.timeout = timeout;
        this.tracing = tracing;
        this.metrics = metrics;
        QueuedThreadPool pool = new QueuedThreadPool(16, 2);
        pool.setName(service + "-client");
        pool.setDaemon(true);
        http = new HttpClient();
        http.setExecutor(pool);
        http.setConnectTimeout(timeout.toMillis());
        http.setFollowRedirects(false);
        http.setUserAgentField(null);
        http.setMaxConnectionsPerDestination(256);
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP client of " + service, e);
        }
    }

    /**
     * Sends one request and waits at most the timeout.
     *
     * @param template the route template, for the span name ({@code GET /users/{id}/following})
     * @param path the concrete path
     * @param headers extra request headers (a bearer token)
     */
    public Answer call(Dependency dep, String method, String template, String path, Optional<byte[]> json,
            HttpFields headers) throws InterruptedException {
        Span span = tracing.startClient(method, template, dep.host(), dep.port());
        try (Scope ignored = span.makeCurrent()) {
            Request req = http.newRequest(dep.baseUrl().resolve(path)).method(method)
                    .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .headers(h -> {
                        h.add(headers);
                        ServiceTracing.inject(Context.current(), h, (c, k, v) -> c.put(k, v));
                    });
            json.ifPresent(b -> req.body(new BytesRequestContent(Reply.JSON, b)));
            ContentResponse resp;
            try {
                resp = req.send();
            } catch (ExecutionException e) {
                throw unavailable(dep, span, e.getCause());
            } catch (TimeoutException e) {
                throw unavailable(dep, span, e);
            }
            ServiceTracing.end(span, resp.getStatus(), false);
            if (resp.getStatus() >= 500) {
                metrics.dependencyCall(dep.name(), "bad_answer");
                throw new ApiException(502, dep.name() + " service answered " + resp.getStatus());
            }
            metrics.dependencyCall(dep.name(), "ok");
            return new Answer(resp.getStatus(), resp.getContent());
        }
    }

    private ApiException unavailable(Dependency dep, Span span, Throwable cause) {
        metrics.dependencyCall(dep.name(), "unavailable");
        span.recordException(cause);
        span.setStatus(StatusCode.ERROR);
        span.end();
        String why = cause instanceof TimeoutException || cause instanceof java.net.SocketTimeoutException
                ? "no answer within " + timeout.toMillis() + " ms"
                : cause instanceof ConnectException ? "connection refused" : "unreachable";
        return new ApiException(503, dep.name() + " service unavailable: " + why);
    }

    @Override
    public void close() {
        try {
            http.stop();
        } catch (Exception e) {
            // stopping is best effort: the process or the test is ending anyway
        }
    }
}
