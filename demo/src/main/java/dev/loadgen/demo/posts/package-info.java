/**
 * The posts service: posts, likes, comments, per-author listings and the feed. The feed asks
 * the users service whom the caller follows ({@code GET /users/{id}/following}) and merges the
 * newest posts of those authors and of the caller. Access tokens are verified locally.
 */
package dev.loadgen.demo.posts;
