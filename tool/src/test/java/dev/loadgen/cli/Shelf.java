package dev.loadgen.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.HttpCookie;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A small book-sharing service whose API differs from the demo's in every way that matters: credentials
 * wrapped in JSON objects, a cookie session instead of a token, ids as strings nested in objects, and
 * pagination by a cursor in headers. It counts what it did, for a test to compare with what loadgen says:
 * members, logins, logouts, books, stars, reads, lists (every GET /api/books) and pages (those of them that
 * sent a cursor).
 *
 * <pre>
 * POST   /api/members        {"member": {"login", "secret", "name"}}  -> 201 {"member": {"ref": {"id": "m-1"}, "name"}}
 * POST   /api/session        {"credentials": {"login", "secret"}}    -> 200 {"session": {"member": {"id"}}}, Set-Cookie: sid
 * DELETE /api/session        (cookie)                                -> 204
 * GET    /api/books?limit=n  (X-Page-Cursor: c)                      -> 200 {"data": [{"book": {"ref": {"id": "b-1"}, "title"}}]}, X-Next-Cursor
 * POST   /api/books          (cookie) {"book": {"title"}}            -> 201 {"book": {"ref": {"id": "b-2"}, "title"}}
 * GET    /api/books/{id}                                             -> 200 {"book": ...} | 404
 * POST   /api/books/{id}/stars (cookie)                              -> 204 | 401 | 404
 * </pre>
 */
final class Shelf implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BOOK = Pattern.compile("/api/books/(b-\\d+)(/stars)?");

    private final Server server = new Server();
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, String> sessions = new ConcurrentHashMap<>();
    private final List<ObjectNode> books = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final URI url;

    Shelf() throws Exception {
        ServerConnector c = new ServerConnector(server);
        c.setHost("127.0.0.1");
        server.addConnector(c);
        server.setHandler(new Handler.Abstract(Handler.Abstract.InvocationType.BLOCKING) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String body = Content.Source.asString(request, StandardCharsets.UTF_8);
                Answer a = answer(request.getMethod(), Request.getPathInContext(request), request, body.isEmpty() ? null : JSON.readTree(body));
                response.setStatus(a.status);
                a.headers.forEach((k, v) -> response.getHeaders().add(k, v));
                if (a.body != null) {
                    response.getHeaders().put("Content-Type", "application/json");
                    response.write(true, ByteBuffer.wrap(a.body.toString().getBytes(StandardCharsets.UTF_8)), callback);
                } else {
                    callback.succeeded();
                }
                return true;
            }
        });
        server.start();
        url = URI.create("http://127.0.0.1:" + c.getLocalPort());
    }

    private record Answer(int status, JsonNode body, Map<String, String> headers) {
        Answer(int status, JsonNode body) {
            this(status, body, Map.of());
        }
    }

    URI url() {
        return url;
    }

    long count(String what) {
        return counts.getOrDefault(what, new AtomicLong()).get();
    }

    private void counted(String what) {
        counts.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
    }

    private Answer answer(String method, String path, Request request, JsonNode in) {
        String member = member(request);
        switch (method + " " + path) {
            case "POST /api/members" -> {
                JsonNode m = in == null ? null : in.path("member");
                if (m == null || !m.path("login").isTextual() || !m.path("secret").isTextual()) {
                    return error(422, "member.login and member.secret are required");
                }
                if (secrets.putIfAbsent(m.path("login").asText(), m.path("secret").asText()) != null) {
                    return error(409, "login taken");
                }
                counted("members");
                ObjectNode out = JSON.createObjectNode();
                out.putObject("member").put("name", m.path("name").asText()).putObject("ref").put("id", "m-" + ids.incrementAndGet());
                return new Answer(201, out);
            }
            case "POST /api/session" -> {
                JsonNode c = in == null ? null : in.path("credentials");
                if (c == null || !c.path("secret").asText("").equals(secrets.get(c.path("login").asText("")))) {
                    return error(401, "wrong login or secret");
                }
                counted("logins");
                String sid = "s" + ids.incrementAndGet();
                sessions.put(sid, c.path("login").asText());
                ObjectNode out = JSON.createObjectNode();
                out.putObject("session").putObject("member").put("id", c.path("login").asText());
                return new Answer(200, out, Map.of("Set-Cookie", "sid=" + sid + "; Path=/api; HttpOnly"));
            }
            case "DELETE /api/session" -> {
                if (member == null) {
                    return error(401, "no session");
                }
                counted("logouts");
                sessions.values().remove(member);
                return new Answer(204, null);
            }
            case "GET /api/books" -> {
                counted("lists");
                String cursor = request.getHeaders().get("X-Page-Cursor");
                if (cursor != null) {
                    // a page after the first: the client followed the X-Next-Cursor of an earlier answer
                    counted("pages");
                }
                int from = Integer.parseInt(cursor == null ? "0" : cursor);
                int limit = 10;
                ObjectNode out = JSON.createObjectNode();
                ArrayNode data = out.putArray("data");
                List<ObjectNode> all = List.copyOf(books);
                for (int i = from; i < Math.min(all.size(), from + limit); i++) {
                    data.addObject().set("book", all.get(all.size() - 1 - i));
                }
                Map<String, String> headers = from + limit < all.size() ? Map.of("X-Next-Cursor", Integer.toString(from + limit)) : Map.of();
                return new Answer(200, out, headers);
            }
            case "POST /api/books" -> {
                if (member == null) {
                    return error(401, "log in first");
                }
                String title = in == null ? "" : in.path("book").path("title").asText("");
                if (title.isBlank()) {
                    return error(422, "book.title is required");
                }
                counted("books");
                ObjectNode book = JSON.createObjectNode();
                book.putObject("ref").put("id", "b-" + ids.incrementAndGet());
                book.put("title", title);
                book.put("stars", 0);
                books.add(book);
                ObjectNode out = JSON.createObjectNode();
                out.set("book", book);
                return new Answer(201, out);
            }
            default -> {
                Matcher m = BOOK.matcher(path);
                if (!m.matches()) {
                    return error(404, "no such route");
                }
                ObjectNode book = books.stream().filter(b -> b.path("ref").path("id").asText().equals(m.group(1))).findFirst().orElse(null);
                if (m.group(2) == null && method.equals("GET")) {
                    counted("reads");
                    if (book == null) {
                        return error(404, "no such book");
                    }
                    ObjectNode out = JSON.createObjectNode();
                    out.set("book", book);
                    return new Answer(200, out);
                }
                if (m.group(2) != null && method.equals("POST")) {
                    if (member == null) {
                        return error(401, "log in first");
                    }
                    if (book == null) {
                        return error(404, "no such book");
                    }
                    counted("stars");
                    synchronized (book) {
                        book.put("stars", book.path("stars").asInt() + 1);
                    }
                    return new Answer(204, null);
                }
                return error(405, "method not allowed");
            }
        }
    }

    private String member(Request request) {
        String cookie = request.getHeaders().get("Cookie");
        if (cookie == null) {
            return null;
        }
        for (String part : cookie.split(";")) {
            List<HttpCookie> c = HttpCookie.parse("Set-Cookie: " + part.trim());
            if (!c.isEmpty() && c.getFirst().getName().equals("sid")) {
                return sessions.get(c.getFirst().getValue());
            }
        }
        return null;
    }

    private static Answer error(int status, String message) {
        ObjectNode out = JSON.createObjectNode();
        out.putObject("error").put("message", message);
        return new Answer(status, out);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
