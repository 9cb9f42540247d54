package dev.loadgen.behavior;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadgen.protocol.HttpReply;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The posts service: the feed (with a second page now and then), reading, writing, editing and deleting
 * one's own posts, likes and comments. Posts that users read come from their feed and the shared world.
 */
public final class PostsBehavior extends ServiceBehavior {
    static final Action FEED = new Action("posts", "feed", 20);
    static final Action READ = new Action("posts", "read", 15);
    static final Action LIST = new Action("posts", "list", 4);
    static final Action CREATE = new Action("posts", "create", 4);
    static final Action EDIT = new Action("posts", "edit", 1);
    static final Action DELETE = new Action("posts", "delete", 1);
    static final Action LIKE = new Action("posts", "like", 6);
    static final Action COMMENT = new Action("posts", "comment", 3);
    static final Action COMMENTS = new Action("posts", "comments", 5);

    private final Route create;
    private final Route read;
    private final Route edit;
    private final Route delete;
    private final Route list;
    private final Route feed;
    private final Route like;
    private final Route comment;
    private final Route comments;

    PostsBehavior(Services services) {
        super(services);
        create = services.route("posts", "posts.create", "POST", "/posts");
        read = services.route("posts", "posts.read", "GET", "/posts/{id}");
        edit = services.route("posts", "posts.edit", "PUT", "/posts/{id}");
        delete = services.route("posts", "posts.delete", "DELETE", "/posts/{id}");
        list = services.route("posts", "posts.list", "GET", "/posts");
        feed = services.route("posts", "posts.feed", "GET", "/feed");
        like = services.route("posts", "posts.like", "POST", "/posts/{id}/likes");
        comment = services.route("posts", "posts.comment", "POST", "/posts/{id}/comments");
        comments = services.route("posts", "posts.comments", "GET", "/posts/{id}/comments");
    }

    @Override
    public List<Action> actions() {
        return List.of(FEED, READ, LIST, CREATE, EDIT, DELETE, LIKE, COMMENT, COMMENTS);
    }

    @Override
    public void perform(Action action, UserSession s) throws InterruptedException {
        switch (action.verb()) {
            case "feed" -> feed(s);
            case "read" -> {
                Optional<String> id = somePost(s);
                if (id.isEmpty()) {
                    feed(s);
                    return;
                }
                HttpReply r = get(s, read, path(id.get()), false, OK_OR_GONE);
                if (r.status() == 404) {
                    s.seenPosts().remove(id.get());
                } else if (r.ok()) {
                    services.parse(read, r.body()).ifPresent(p -> s.pacer().read(Pacer.words(p.path("body").asText(""))));
                }
            }
            case "list" -> {
                Optional<String> author = services.world().someUser(s.rng()).or(s::userId);
                if (author.isPresent()) {
                    HttpReply r = get(s, list, path(), false, OK, "author", author.get(), "limit", "20");
                    remember(s, list, r);
                }
            }
            case "create" -> create(s);
            case "edit" -> {
                if (s.ownPosts().isEmpty()) {
                    create(s);
                    return;
                }
                String id = s.ownPosts().peekLast();
                String body = Texts.sentence(s.rng(), 3, 80);
                if (!s.compose(body.length())) {
                    return;
                }
                HttpReply r = send(s, edit, path(id), Map.of("body", body), true, OK_OR_GONE);
                if (r.status() == 404) {
                    s.ownPosts().remove(id);
                }
            }
            case "delete" -> {
                if (s.ownPosts().isEmpty()) {
                    create(s);
                    return;
                }
                String id = s.ownPosts().pollFirst();
                send(s, delete, path(id), null, true, OK_OR_GONE);
            }
            case "like" -> onSomePost(s, id -> send(s, like, path(id), null, true, OK_OR_GONE));
            case "comment" -> {
                String body = Texts.sentence(s.rng(), 1, 30);
                if (s.compose(body.length())) {
                    onSomePost(s, id -> send(s, comment, path(id), Map.of("body", body), true, OK_OR_GONE));
                }
            }
            case "comments" -> onSomePost(s, id -> {
                HttpReply r = get(s, comments, path(id), false, OK_OR_GONE);
                if (r.ok()) {
                    services.parse(comments, r.body()).filter(JsonNode::isArray).ifPresent(list -> {
                        int words = 0;
                        for (int i = 0; i < Math.min(5, list.size()); i++) {
                            words += Pacer.words(list.get(i).path("body").asText(""));
                        }
                        s.pacer().read(words);
                    });
                }
                return r;
            });
            default -> throw new IllegalArgumentException(action.id());
        }
    }

    private interface PostCall {
        HttpReply on(String id) throws InterruptedException;
    }

    private void onSomePost(UserSession s, PostCall call) throws InterruptedException {
        Optional<String> id = somePost(s);
        if (id.isEmpty()) {
            feed(s);
            return;
        }
        if (call.on(id.get()).status() == 404) {
            s.seenPosts().remove(id.get());
        }
    }

    private Optional<String> somePost(UserSession s) {
        if (!s.seenPosts().isEmpty() && s.rng().nextInt(3) > 0) {
            int i = s.rng().nextInt(s.seenPosts().size());
            return s.seenPosts().stream().skip(i).findFirst();
        }
        return services.world().somePost(s.rng());
    }

    private void feed(UserSession s) throws InterruptedException {
        HttpReply r = send(s, feed, path(), null, true, OK, "limit", "20");
        Optional<JsonNode> page = remember(s, feed, r);
        // a reader skims a feed: the first few posts are read through, the rest only glanced at
        page.map(p -> p.path("items")).filter(JsonNode::isArray).ifPresent(items -> {
            int words = 0;
            for (int i = 0; i < Math.min(3, items.size()); i++) {
                words += Pacer.words(items.get(i).path("body").asText(""));
            }
            s.pacer().read(words);
        });
        String cursor = page.map(p -> p.path("nextCursor").asText(null)).orElse(null);
        if (cursor != null && s.rng().nextInt(4) == 0) {
            remember(s, feed, send(s, feed, path(), null, true, OK, "limit", "20", "cursor", cursor));
        }
    }

    private Optional<JsonNode> remember(UserSession s, Route route, HttpReply r) {
        if (!r.ok()) {
            return Optional.empty();
        }
        Optional<JsonNode> page = services.parse(route, r.body());
        page.map(p -> p.path("items")).filter(JsonNode::isArray).ifPresent(items -> items.forEach(p -> {
            String id = p.path("id").asText(null);
            if (id != null) {
                s.remember(s.seenPosts(), id);
            }
        }));
        return page;
    }

    private void create(UserSession s) throws InterruptedException {
        String body = Texts.sentence(s.rng(), 3, 120);
        if (!s.compose(body.length())) {
            return;
        }
        HttpReply r = send(s, create, path(), Map.of("body", body), true, OK);
        if (r.ok()) {
            services.parse(create, r.body()).map(n -> n.path("id").asText(null)).ifPresent(id -> {
                s.remember(s.ownPosts(), id);
                services.world().postCreated(id);
            });
        }
    }
}
