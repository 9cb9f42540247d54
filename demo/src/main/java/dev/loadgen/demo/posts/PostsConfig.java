package dev.loadgen.demo.posts;

/**
 * The posts service's settings; every cap drops the oldest first.
 *
 * @param maxPosts posts kept, all authors together
 * @param maxPostsPerAuthor posts kept per author
 * @param maxCommentsPerPost comments kept per post
 * @param maxComments comments kept, all posts together
 * @param maxLikesPerPost likers remembered per post (the {@code likes} count stops there)
 * @param maxLikes likes kept, all posts together
 */
public record PostsConfig(int maxPosts, int maxPostsPerAuthor, int maxCommentsPerPost, int maxComments,
        int maxLikesPerPost, int maxLikes) {}
