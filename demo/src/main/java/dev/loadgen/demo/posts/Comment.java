package dev.loadgen.demo.posts;

/** A comment on a post; {@code createdAt} is an ISO-8601 UTC string. */
public record Comment(String id, String postId, String authorId, String body, String createdAt) {}
