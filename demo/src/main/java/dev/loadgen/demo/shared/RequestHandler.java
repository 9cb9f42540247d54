package dev.loadgen.demo.shared;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The one Jetty handler of a service: route, fault headers, server span, the route's code,
 * error mapping, response, and the request histogram. It is a blocking handler, so Jetty runs
 * it on the server's virtual-thread executor (see {@link HttpServer}); routes may block.
 *
 * <p>Whatever a route throws becomes an answer: an {@link ApiException} its status, anything
 * else a 500 that names no internals. Nothing a client sends can escape as an unhandled error.
 */
final class RequestHandler extends Handler.Abstract {
    private static final System.Logger LOG = System.getLogger(RequestHandler.class.getName());
    private final Router router;
    private final Plumbing plumbing;

    RequestHandler(Router router, Plumbing plumbing) {
        super(InvocationType.BLOCKING);
        this.router = router;
        this.plumbing = plumbing;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        String method = ServiceMetrics.method(request.getMethod());
        String path = Request.getPathInContext(request);
        Router.Match match = router.match(request.getMethod(), path);
        String route = switch (match) {
            case Router.Match.Found f -> f.route().template();
            case Router.Match.WrongMethod w -> w.template();
            case Router.Match.NotFound n -> ServiceMetrics.UNMATCHED;
        };
        boolean traced = !(match instanceof Router.Match.Found f && f.route().plumbing());
        Span span = traced
                ? plumbing.tracing().startServer(request.getHeaders(), method, path,
                        match instanceof Router.Match.NotFound ? method : method + " " + route,
                        match instanceof Router.Match.NotFound ? Optional.empty() : Optional.of(route))
                : Span.getInvalid();
        Reply reply;
        try (Scope ignored = span.makeCurrent()) {
            reply = answer(match, request, response, callback);
        }
        // Recorded before the response goes out, so that a client that has its answer also finds
        // it counted: the tool's integration test compares its counts with these exactly.
        plumbing.metrics().observe(method, route, reply.status(), System.nanoTime() - start);
        if (traced) {
            ServiceTracing.end(span, reply.status(), true);
        }
        if (!reply.sent()) {
            write(request, response, reply, callback);
        }
        return true;
    }

    private Reply answer(Router.Match match, Request request, Response response, Callback callback) {
        try {
            return switch (match) {
                case Router.Match.NotFound n -> throw ApiException.notFound("no route for this path");
                case Router.Match.WrongMethod w -> throw ApiException.methodNotAllowed(w.allowed());
                case Router.Match.Found f -> run(f, request, response, callback);
            };
        } catch (ApiException e) {
            return Reply.error(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.error(new ApiException(503, "service is stopping"));
        } catch (Exception | StackOverflowError e) {
            LOG.log(System.Logger.Level.WARNING, plumbing.service() + ": unexpected error", e);
            return Reply.error(new ApiException(500, "internal error"));
        }
    }

    private Reply run(Router.Match.Found f, Request request, Response response, Callback callback) throws Exception {
        if (!f.route().plumbing()) {
            FaultHeaders.Fault fault = plumbing.faults().read(request.getHeaders());
            if (!fault.isNone()) {
                Optional<Reply> aborted = plumbing.faults().apply(fault);
                if (aborted.isPresent()) {
                    return aborted.get();
                }
            }
        }
        Exchange ex = new Exchange(request, response, callback, f.params(), plumbing.tokens());
        return f.route().handler().handle(ex);
    }

    private static void write(Request request, Response response, Reply reply, Callback callback) {
        response.setStatus(reply.status());
        var headers = response.getHeaders();
        for (Map.Entry<String, String> h : reply.headers().entrySet()) {
            headers.put(h.getKey(), h.getValue());
        }
        if (!request.consumeAvailable()) {
            // Answered before the body came (a 401 checked from the headers, say): Jetty closes the
            // connection after this response, so the client must hear it now, not find out on reuse.
            headers.put(HttpHeader.CONNECTION, "close");
        }
        int status = reply.status();
        if (status == 204 || status == 304 || status < 200) {
            response.write(true, null, callback);
            return;
        }
        headers.put(HttpHeader.CONTENT_TYPE, reply.contentType());
        headers.put(HttpHeader.CONTENT_LENGTH, reply.body().length);
        response.write(true, ByteBuffer.wrap(reply.body()), callback);
    }
}
