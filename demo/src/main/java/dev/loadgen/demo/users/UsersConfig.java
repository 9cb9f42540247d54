package dev.loadgen.demo.users;

/**
 * The users service's settings.
 *
 * @param maxProfiles profiles kept (oldest first out)
 * @param maxFollowingPerUser follows one user keeps (their oldest follow goes first)
 * @param maxFollows follows kept over all users
 */
public record UsersConfig(int maxProfiles, int maxFollowingPerUser, int maxFollows) {}
