package dev.loadgen.demo.posts;

/**
 * A post as the API shows it. Times are ISO-8601 UTC strings; {@code likes} and
 * {@code comments} are counts.
 */
public record Post(String id, String authorId, String body, String createdAt, String updatedAt, int likes,
        int comments) {}
