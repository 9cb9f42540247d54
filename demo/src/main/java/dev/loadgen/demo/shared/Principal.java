package dev.loadgen.demo.shared;

import java.time.Instant;

/** Who a valid access token speaks for: its subject, username claim, token id and expiry. */
public record Principal(String userId, String username, String jti, Instant expiresAt) {}
