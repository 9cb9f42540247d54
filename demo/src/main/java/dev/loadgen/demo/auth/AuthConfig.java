package dev.loadgen.demo.auth;

import java.time.Duration;

/**
 * The auth service's settings.
 *
 * @param tokenTtl lifetime of access tokens
 * @param refreshTokenTtl lifetime of a refresh token that is never used
 * @param passwordIterations PBKDF2 iterations: cheap by default for load tests, far higher in production
 * @param maxAccounts accounts kept (oldest first out)
 * @param maxRefreshTokens refresh tokens kept, all users together
 * @param maxRevokedTokens ids of logged-out access tokens remembered until they expire
 */
public record AuthConfig(Duration tokenTtl, Duration refreshTokenTtl, int passwordIterations, int maxAccounts,
        int maxRefreshTokens, int maxRevokedTokens) {}
