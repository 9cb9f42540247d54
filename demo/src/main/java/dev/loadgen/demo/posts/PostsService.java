package dev.loadgen.demo.posts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadgen.demo.shared.ApiException;
import dev.loadgen.demo.shared.Dependency;
import dev.loadgen.demo.shared.Exchange;
import dev.loadgen.demo.shared.Json;
import dev.loadgen.demo.shared.Limits;
import dev.loadgen.demo.shared.Plumbing;
import dev.loadgen.demo.shared.Principal;
import dev.loadgen.demo.shared.Reply;
import dev.loadgen.demo.shared.Router;
import dev.loadgen.demo.shared.ServiceClient;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.http.HttpFields;

/**
 * The posts routes (DESIGN.md §5). Checks run in the order 401, 404, 403, 400: who asks, does
 * the post exist, may they touch it, is the new content valid.
 */
public final class PostsService {
    private static final int MAX_FOLLOWING_READ = 10_000;
    private final Plumbing plumbing;
    private final Dependency users;
    private final PostStore store;

    public PostsService(Plumbing plumbing, PostsConfig config, Dependency users) {
        plumbing.requireTokens();
        this.plumbing = plumbing;
        this.users = users;
        this.store = new PostStore(config, plumbing.metrics(), plumbing.clock());
    }

    public Router routes() {
        return new Router()
                .post("/posts", this::create)
                .get("/posts", this::list)
                .get("/posts/{id}", this::read)
                .put("/posts/{id}", this::edit)
                .delete("/posts/{id}", this::delete)
                .post("/posts/{id}/likes", this::like)
                .post("/posts/{id}/comments", this::comment)
                .get("/posts/{id}/comments", this::comments)
                .get("/feed", this::feed);
    }

    /** Sizes of the bounded stores, for the storage tests. */
    public Map<String, Integer> storeSizes() {
        return store.sizes();
    }

    private Reply create(Exchange ex) throws Exception {
        Principal me = ex.principal();
        String body = Limits.text("body", Json.requiredString(ex.jsonBody(), "body"), 1, Limits.POST_BODY_MAX);
        return Reply.created(store.create(me.userId(), body));
    }

    private Reply read(Exchange ex) {
        PostStore.View v = store.find(ex.param("id")).orElseThrow(PostsService::noPost);
        return Reply.bytes(200, Reply.JSON, v.json());
    }

    private Reply edit(Exchange ex) throws Exception {
        Principal me = ex.principal();
        String id = ex.param("id");
        mine(me, id);
        String body = Limits.text("body", Json.requiredString(ex.jsonBody(), "body"), 1, Limits.POST_BODY_MAX);
        return Reply.ok(store.edit(id, body).orElseThrow(PostsService::noPost));
    }

    private Reply delete(Exchange ex) {
        Principal me = ex.principal();
        String id = ex.param("id");
        mine(me, id);
        store.delete(id);
        return Reply.noContent();
    }

    private void mine(Principal me, String id) {
        Post p = store.find(id).orElseThrow(PostsService::noPost).post();
        if (!p.authorId().equals(me.userId())) {
            throw ApiException.forbidden("only the author may change this post");
        }
    }

    private Reply like(Exchange ex) {
        Principal me = ex.principal();
        if (!store.like(ex.param("id"), me.userId())) {
            throw noPost();
        }
        return Reply.noContent();
    }

    private Reply comment(Exchange ex) throws Exception {
        Principal me = ex.principal();
        String id = ex.param("id");
        store.find(id).orElseThrow(PostsService::noPost);
        String body = Limits.text("body", Json.requiredString(ex.jsonBody(), "body"), 1, Limits.COMMENT_MAX);
        return Reply.created(store.comment(id, me.userId(), body).orElseThrow(PostsService::noPost));
    }

    private Reply comments(Exchange ex) {
        return Reply.ok(store.comments(ex.param("id")).orElseThrow(PostsService::noPost));
    }

    private Reply list(Exchange ex) {
        Optional<String> author = ex.query("author").filter(a -> !a.isEmpty());
        int limit = Limits.intParam("limit", ex.query("limit"), 20, 1, 100);
        long before = Cursor.decode(ex.query("cursor"));
        return page(store.list(author, before, limit));
    }

    /** The caller's posts and those of everyone they follow, newest first. */
    private Reply feed(Exchange ex) throws Exception {
        Principal me = ex.principal();
        int limit = Limits.intParam("limit", ex.query("limit"), 20, 1, 100);
        long before = Cursor.decode(ex.query("cursor"));
        Set<String> authors = new LinkedHashSet<>();
        authors.add(me.userId());
        authors.addAll(following(me.userId()));
        return page(store.feed(authors, before, limit));
    }

    /** Whom the user follows, from the users service; nobody when users does not know them (yet). */
    private Set<String> following(String userId) throws InterruptedException {
        ServiceClient.Answer a = plumbing.client().call(users, "GET", "/users/{id}/following",
                "/users/" + userId + "/following", Optional.empty(), HttpFields.EMPTY);
        if (a.status() == 404) {
            return Set.of();
        }
        if (a.status() != 200) {
            throw new ApiException(502, "users service answered " + a.status() + " for following");
        }
        JsonNode ids = a.json(users);
        if (!ids.isArray()) {
            throw new ApiException(502, "users service answered malformed following list");
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode id : ids) {
            if (id.isTextual() && out.size() < MAX_FOLLOWING_READ) {
                out.add(id.textValue());
            }
        }
        return out;
    }

    private static Reply page(PostStore.Page page) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", page.items());
        out.put("nextCursor", page.next().map(Cursor::encode).orElse(null));
        return Reply.ok(out);
    }

    private static ApiException noPost() {
        return ApiException.notFound("post not found");
    }
}
