package dev.loadgen.dashboard;

import dev.loadgen.report.Assets;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The dashboard's routes: the page and its assets (a fixed list, read once, nothing from disk), the event
 * stream, the status, and the control API. Every answer forbids framing (a hidden stop button under
 * someone else's page) and sniffing, and the page runs under a Content-Security-Policy that allows only
 * this server's own scripts.
 */
final class DashboardHandler extends Handler.Abstract {
    private static final String CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'";

    private record Asset(byte[] bytes, String type) {}

    private static final String JS = "text/javascript; charset=utf-8";

    private final Map<String, Asset> assets = Map.of(
            "/", new Asset(Assets.read("dev/loadgen/dashboard/index.html"), "text/html; charset=utf-8"),
            "/assets/dashboard.js", new Asset(Assets.read("dev/loadgen/dashboard/dashboard.js"), JS),
            "/assets/format.js", new Asset(Assets.report("format.js"), JS),
            "/assets/charts.js", new Asset(Assets.report("charts.js"), JS),
            "/assets/tables.js", new Asset(Assets.report("tables.js"), JS),
            "/assets/style.css", new Asset(Assets.report("style.css"), "text/css; charset=utf-8"),
            "/assets/uPlot.iife.min.js", new Asset(Assets.uplot("uPlot.iife.min.js"), JS),
            "/assets/uPlot.min.css", new Asset(Assets.uplot("uPlot.min.css"), "text/css; charset=utf-8"));

    private final EventStream stream;
    private final Access access;
    private final Controls control;

    DashboardHandler(EventStream stream, Access access, Controls control) {
        super(InvocationType.BLOCKING);
        this.stream = stream;
        this.access = access;
        this.control = control;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        var headers = response.getHeaders();
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        String host = request.getHeaders().get(HttpHeader.HOST);
        Optional<Access.Refusal> refusal = access.host(host);
        if (refusal.isPresent()) {
            return answer(response, callback, ControlApi.error(refusal.get().status(), refusal.get().reason()));
        }
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        if (path.startsWith("/api/") && !path.equals("/api/status")) {
            refusal = access.control(method, request.getHeaders().get(HttpHeader.CONTENT_TYPE), request.getHeaders().get(HttpHeader.ORIGIN),
                    host, request.getHeaders().get(HttpHeader.AUTHORIZATION), request.getConnectionMetaData().getRemoteSocketAddress());
            if (refusal.isPresent()) {
                if (refusal.get().status() == 401) {
                    headers.put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"loadgen\"");
                }
                return answer(response, callback, ControlApi.error(refusal.get().status(), refusal.get().reason()));
            }
            String body;
            try {
                body = Content.Source.asString(request, StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return answer(response, callback, ControlApi.error(400, "cannot read the request body: " + e.getMessage()));
            }
            return answer(response, callback, control.control(path, body));
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            headers.put(HttpHeader.ALLOW, "GET, HEAD");
            return answer(response, callback, ControlApi.error(405, "only GET here; control is POST /api/users, /api/rate or /api/stop"));
        }
        switch (path) {
            case "/events" -> {
                headers.put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
                stream.open(response, callback);
                return true;
            }
            case "/api/status" -> {
                return answer(response, callback, control.status());
            }
            default -> {
                Asset a = assets.get(path.equals("/index.html") ? "/" : path);
                if (a == null) {
                    return answer(response, callback, ControlApi.error(404, "no such page: " + path));
                }
                if (path.equals("/") || path.equals("/index.html")) {
                    headers.put("Content-Security-Policy", CSP);
                }
                headers.put(HttpHeader.CONTENT_TYPE, a.type());
                response.setStatus(200);
                response.write(true, ByteBuffer.wrap(a.bytes()), callback);
                return true;
            }
        }
    }

    private static boolean answer(Response response, Callback callback, ControlApi.Answer a) {
        response.setStatus(a.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap((a.body().toString() + "\n").getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
