package dev.loadgen.demo;

/**
 * Every bound on what the demo keeps in memory: its flag, default and meaning. Oldest first out
 * everywhere except {@link #MEMBERS_PER_ROOM} (a join beyond it is refused) and
 * {@link #PENDING_FRAMES} (a client past it is dropped).
 *
 * <p>Defaults are sized so that even worst-case content (every post 5,000 characters, every
 * message 2,000) stays near 1 GB in all: posts 50,000 x 5 KB = 250 MB, comments 200,000 x
 * 1 KB = 200 MB, chat 500 rooms x 200 messages x 2 KB = 200 MB, likes and follows about
 * 100 bytes each; typical load-test content needs a small fraction of that.
 */
public enum Cap {
    USERS("max-users", 100_000, "accounts (auth) and profiles (users)"),
    REFRESH_TOKENS("max-refresh-tokens", 100_000, "refresh tokens, all users together"),
    REVOKED_TOKENS("max-revoked-tokens", 100_000, "logged-out access token ids remembered until they expire"),
    FOLLOWING_PER_USER("max-following-per-user", 1_000, "follows one user keeps"),
    FOLLOWS("max-follows", 1_000_000, "follows, all users together"),
    POSTS("max-posts", 50_000, "posts, all authors together"),
    POSTS_PER_AUTHOR("max-posts-per-author", 1_000, "posts one author keeps"),
    COMMENTS_PER_POST("max-comments-per-post", 200, "comments one post keeps"),
    COMMENTS("max-comments", 200_000, "comments, all posts together"),
    LIKES_PER_POST("max-likes-per-post", 10_000, "likers one post remembers (its likes count stops there)"),
    LIKES("max-likes", 1_000_000, "likes, all posts together"),
    ROOMS("max-rooms", 500, "chat rooms"),
    MESSAGES_PER_ROOM("max-messages-per-room", 200, "chat history one room keeps"),
    MEMBERS_PER_ROOM("max-members-per-room", 1_000, "members one room takes (a join beyond gets an error frame)"),
    PENDING_FRAMES("max-pending-frames", 1_000, "frames queued for one slow chat client before it is dropped");

    private final String flag;
    private final int defaultValue;
    private final String meaning;

    Cap(String flag, int defaultValue, String meaning) {
        this.flag = flag;
        this.defaultValue = defaultValue;
        this.meaning = meaning;
    }

    /** The command-line flag, without the leading dashes. */
    public String flag() {
        return flag;
    }

    public int defaultValue() {
        return defaultValue;
    }

    public String meaning() {
        return meaning;
    }
}
