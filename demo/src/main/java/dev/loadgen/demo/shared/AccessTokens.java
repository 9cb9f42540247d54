package dev.loadgen.demo.shared;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * HS256 access tokens (nimbus-jose-jwt): {@code sub} = user id, {@code username}, {@code jti},
 * {@code iat}, {@code exp}. Auth signs them; every service verifies signature and expiry
 * locally, without calling auth (stateless). That is why a revoked token (logout) is refused
 * by auth's {@code /auth/me} and {@code /auth/introspect} but still accepted by users and
 * posts until it expires: the usual trade-off of short-lived JWTs.
 */
public final class AccessTokens {
    /** HS256 needs a key of at least 256 bits (RFC 7518 §3.2). */
    public static final int MIN_SECRET_BYTES = 32;
    private static final String USERNAME = "username";

    private final MACSigner signer;
    private final MACVerifier verifier;
    private final Clock clock;

    public AccessTokens(String secret, Clock clock) {
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the JWT secret must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        try {
            signer = new MACSigner(key);
            verifier = new MACVerifier(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("bad JWT secret: " + e.getMessage(), e);
        }
        this.clock = clock;
    }

    /** A token for this user, valid for {@code ttl} from now. */
    public String issue(String userId, String username, Duration ttl) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(userId)
                .claim(USERNAME, username)
                .jwtID(Ids.next('j'))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed", e);
        }
        return jwt.serialize();
    }

    /** The principal of a token that is well formed, signed with our key, HS256, and not expired. */
    public Optional<Principal> verify(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                return Optional.empty();
            }
            JWTClaimsSet c = jwt.getJWTClaimsSet();
            Date exp = c.getExpirationTime();
            String sub = c.getSubject();
            String username = c.getStringClaim(USERNAME);
            String jti = c.getJWTID();
            if (exp == null || sub == null || username == null || jti == null
                    || !clock.instant().isBefore(exp.toInstant())) {
                return Optional.empty();
            }
            return Optional.of(new Principal(sub, username, jti, exp.toInstant()));
        } catch (ParseException | JOSEException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
