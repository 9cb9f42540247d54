package dev.loadgen.demo.posts;

import dev.loadgen.demo.shared.FifoBudget;
import dev.loadgen.demo.shared.Ids;
import dev.loadgen.demo.shared.Json;
import dev.loadgen.demo.shared.ServiceMetrics;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Posts with their likes and comments. Writes take one lock (they touch the global order, the
 * author's list and the budgets together); reading one post takes none: each post publishes
 * an immutable view and its JSON, rebuilt on every change, so the hottest route of a load test
 * ({@code GET /posts/{id}}) is a map lookup and a write of ready bytes.
 */
final class PostStore {
    /** What a read of one post returns: the record and its serialised form. */
    record View(Post post, byte[] json) {}

    /** A page of posts, newest first, and the position to continue from. */
    record Page(List<Post> items, Optional<Long> next) {}

    private static final class Like {
        final String postId;
        final String userId;

        Like(String postId, String userId) {
            this.postId = postId;
            this.userId = userId;
        }
    }

    private static final class Entry {
        final long seq;
        final String id;
        final String authorId;
        final String createdAt;
        String body;
        String updatedAt;
        final LinkedHashMap<String, Like> likers = new LinkedHashMap<>();
        final ArrayDeque<Comment> comments = new ArrayDeque<>();
        volatile View view;

        Entry(long seq, String id, String authorId, String body, String createdAt) {
            this.seq = seq;
            this.id = id;
            this.authorId = authorId;
            this.body = body;
            this.createdAt = createdAt;
            this.updatedAt = createdAt;
        }

        void publish() {
            Post p = new Post(id, authorId, body, createdAt, updatedAt, likers.size(), comments.size());
            view = new View(p, Json.bytes(p));
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Entry> byId = new ConcurrentHashMap<>();
    private final TreeMap<Long, Entry> bySeq = new TreeMap<>();
    private final Map<String, TreeMap<Long, Entry>> byAuthor = new HashMap<>();
    private final FifoBudget<Comment> commentBudget;
    private final FifoBudget<Like> likeBudget;
    private final PostsConfig config;
    private final ServiceMetrics metrics;
    private final Clock clock;
    private long nextSeq;

    PostStore(PostsConfig config, ServiceMetrics metrics, Clock clock) {
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
        commentBudget = new FifoBudget<>(config.maxComments(), c -> {
            Entry e = byId.get(c.postId());
            if (e != null && e.comments.remove(c)) {
                e.publish();
                metrics.evicted("comments");
            }
        });
        likeBudget = new FifoBudget<>(config.maxLikes(), l -> {
            Entry e = byId.get(l.postId);
            if (e != null && e.likers.remove(l.userId, l)) {
                e.publish();
                metrics.evicted("likes");
            }
        });
    }

    Post create(String authorId, String body) {
        lock.lock();
        try {
            Entry e = new Entry(nextSeq++, Ids.next('p'), authorId, body, clock.instant().toString());
            e.publish();
            byId.put(e.id, e);
            bySeq.put(e.seq, e);
            TreeMap<Long, Entry> mine = byAuthor.computeIfAbsent(authorId, k -> new TreeMap<>());
            mine.put(e.seq, e);
            if (mine.size() > config.maxPostsPerAuthor()) {
                evict(mine.firstEntry().getValue());
            }
            if (bySeq.size() > config.maxPosts()) {
                evict(bySeq.firstEntry().getValue());
            }
            return e.view.post();
        } finally {
            lock.unlock();
        }
    }

    Optional<View> find(String id) {
        Entry e = byId.get(id);
        return e == null ? Optional.empty() : Optional.of(e.view);
    }

    /** Replaces the body; empty when the post is gone. */
    Optional<Post> edit(String id, String body) {
        lock.lock();
        try {
            Entry e = byId.get(id);
            if (e == null) {
                return Optional.empty();
            }
            e.body = body;
            e.updatedAt = clock.instant().toString();
            e.publish();
            return Optional.of(e.view.post());
        } finally {
            lock.unlock();
        }
    }

    boolean delete(String id) {
        lock.lock();
        try {
            Entry e = byId.get(id);
            if (e == null) {
                return false;
            }
            unlink(e);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Records a like; liking twice keeps one. False when the post is gone. */
    boolean like(String id, String userId) {
        lock.lock();
        try {
            Entry e = byId.get(id);
            if (e == null) {
                return false;
            }
            if (!e.likers.containsKey(userId)) {
                Like l = new Like(id, userId);
                e.likers.put(userId, l);
                if (e.likers.size() > config.maxLikesPerPost()) {
                    Iterator<Like> it = e.likers.values().iterator();
                    it.next();
                    it.remove();
                    metrics.evicted("likes");
                }
                e.publish();
                likeBudget.add(l);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    Optional<Comment> comment(String postId, String authorId, String body) {
        lock.lock();
        try {
            Entry e = byId.get(postId);
            if (e == null) {
                return Optional.empty();
            }
            Comment c = new Comment(Ids.next('c'), postId, authorId, body, clock.instant().toString());
            e.comments.addLast(c);
            if (e.comments.size() > config.maxCommentsPerPost()) {
                e.comments.pollFirst();
                metrics.evicted("comments");
            }
            e.publish();
            commentBudget.add(c);
            return Optional.of(c);
        } finally {
            lock.unlock();
        }
    }

    /** The comments of a post, oldest first; empty when the post is gone. */
    Optional<List<Comment>> comments(String postId) {
        lock.lock();
        try {
            Entry e = byId.get(postId);
            return e == null ? Optional.empty() : Optional.of(List.copyOf(e.comments));
        } finally {
            lock.unlock();
        }
    }

    /** All posts, or one author's, newest first, older than {@code before}. */
    Page list(Optional<String> author, long before, int limit) {
        lock.lock();
        try {
            TreeMap<Long, Entry> source = author.isPresent() ? byAuthor.get(author.get()) : bySeq;
            if (source == null) {
                return new Page(List.of(), Optional.empty());
            }
            return page(List.of(source.headMap(before, false).descendingMap().values().iterator()), limit);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The newest posts of several authors merged, newest first: a k-way merge over each
     * author's own list, so a page costs about {@code limit * log(authors)}, not a scan.
     */
    Page feed(Collection<String> authors, long before, int limit) {
        lock.lock();
        try {
            List<Iterator<Entry>> sources = new ArrayList<>(authors.size());
            for (String a : authors) {
                TreeMap<Long, Entry> mine = byAuthor.get(a);
                if (mine != null) {
                    sources.add(mine.headMap(before, false).descendingMap().values().iterator());
                }
            }
            return page(sources, limit);
        } finally {
            lock.unlock();
        }
    }

    private static Page page(List<Iterator<Entry>> sources, int limit) {
        record Head(Entry entry, Iterator<Entry> rest) {}
        PriorityQueue<Head> heads = new PriorityQueue<>(Math.max(1, sources.size()),
                (a, b) -> Long.compare(b.entry().seq, a.entry().seq));
        for (Iterator<Entry> it : sources) {
            if (it.hasNext()) {
                heads.add(new Head(it.next(), it));
            }
        }
        List<Post> items = new ArrayList<>(Math.min(limit, 32));
        long last = -1;
        while (!heads.isEmpty() && items.size() < limit) {
            Head h = heads.poll();
            items.add(h.entry().view.post());
            last = h.entry().seq;
            if (h.rest().hasNext()) {
                heads.add(new Head(h.rest().next(), h.rest()));
            }
        }
        return new Page(items, heads.isEmpty() ? Optional.empty() : Optional.of(last));
    }

    /** Sizes for the storage tests: posts, comments and likes held. */
    Map<String, Integer> sizes() {
        lock.lock();
        try {
            int comments = bySeq.values().stream().mapToInt(e -> e.comments.size()).sum();
            int likes = bySeq.values().stream().mapToInt(e -> e.likers.size()).sum();
            return Map.of("posts", bySeq.size(), "comments", comments, "likes", likes);
        } finally {
            lock.unlock();
        }
    }

    private void evict(Entry e) {
        unlink(e);
        metrics.evicted("posts");
    }

    /** Removes a post from every index; its likes and comments go with it. */
    private void unlink(Entry e) {
        byId.remove(e.id);
        bySeq.remove(e.seq);
        TreeMap<Long, Entry> mine = byAuthor.get(e.authorId);
        if (mine != null) {
            mine.remove(e.seq);
            if (mine.isEmpty()) {
                byAuthor.remove(e.authorId);
            }
        }
    }
}
