package dev.loadgen.demo.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 from the JDK, a 16-byte random salt per password, 256-bit output. The
 * iteration count is a flag: the default keeps a register or login to a few milliseconds of
 * CPU so a load test measures the service rather than the KDF; OWASP asks for 600,000 in
 * production.
 */
final class Passwords {
    /** A stored password: salt, cost and derived key, so the cost can change for new accounts. */
    record Hash(byte[] salt, int iterations, byte[] key) {}

    private static final int SALT_BYTES = 16;
    private static final int KEY_BITS = 256;
    private final SecureRandom random = new SecureRandom();
    private final int iterations;

    Passwords(int iterations) {
        this.iterations = iterations;
    }

    Hash hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new Hash(salt, iterations, derive(password, salt, iterations));
    }

    boolean matches(String password, Hash hash) {
        return MessageDigest.isEqual(derive(password, hash.salt(), hash.iterations()), hash.key());
    }

    /**
     * Spends the same work as a real check, for unknown usernames, so that the answer time does
     * not tell an attacker which usernames exist.
     */
    void burn(String password) {
        derive(password, new byte[SALT_BYTES], iterations);
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        KeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, KEY_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        }
    }
}
