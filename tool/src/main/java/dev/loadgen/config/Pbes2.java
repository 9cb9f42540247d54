package dev.loadgen.config;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * PKCS#5's PBES2 (RFC 8018), the scheme of an {@code ENCRYPTED PRIVATE KEY} that OpenSSL writes: the key is derived by
 * PBKDF2 from the password ({@code PBKDF2-params ::= SEQUENCE { salt OCTET STRING, iterationCount INTEGER,
 * keyLength INTEGER OPTIONAL, prf AlgorithmIdentifier DEFAULT hmacWithSHA1 }}), then the bytes are decrypted in CBC
 * mode with the scheme's IV. Done here rather than by the JDK's EncryptedPrivateKeyInfo, which does not take
 * des-ede3-cbc, the cipher of OpenSSL 3.0's {@code req} and {@code genrsa -des3}.
 */
final class Pbes2 {
    static final String OID = "2a864886f70d01050d";
    private static final String PBKDF2 = "2a864886f70d01050c";
    private static final HexFormat HEX = HexFormat.of();
    private static final Map<String, String> PRFS = Map.of("2a864886f70d0207", "PBKDF2WithHmacSHA1", "2a864886f70d0208",
            "PBKDF2WithHmacSHA224", "2a864886f70d0209", "PBKDF2WithHmacSHA256", "2a864886f70d020a", "PBKDF2WithHmacSHA384",
            "2a864886f70d020b", "PBKDF2WithHmacSHA512");

    /** A cipher by OID: the JCA's name, its key's algorithm and its key's length in bytes. */
    private record Scheme(String transformation, String keyAlgorithm, int keyBytes) {
    }

    private static final Map<String, Scheme> CIPHERS = Map.of(
            "608648016503040102", new Scheme("AES/CBC/PKCS5Padding", "AES", 16),
            "608648016503040116", new Scheme("AES/CBC/PKCS5Padding", "AES", 24),
            "60864801650304012a", new Scheme("AES/CBC/PKCS5Padding", "AES", 32),
            "2a864886f70d0307", new Scheme("DESede/CBC/PKCS5Padding", "DESede", 24));

    private Pbes2() {
    }

    /**
     * The plain bytes of {@code encrypted} under the PBES2 {@code parameters}.
     *
     * @throws GeneralSecurityException when the password is wrong (the padding does not check)
     * @throws Pem.Unusable             for a scheme loadgen does not know
     */
    static byte[] decrypt(Der.Element parameters, byte[] encrypted, String password) throws GeneralSecurityException, Pem.Unusable {
        List<Der.Element> scheme = parameters.children();
        List<Der.Element> kdf = scheme.get(0).children();
        List<Der.Element> enc = scheme.get(1).children();
        if (!HEX.formatHex(kdf.get(0).value()).equals(PBKDF2)) {
            throw unknown("its key derivation (" + HEX.formatHex(kdf.get(0).value()) + ") is not PBKDF2");
        }
        Scheme cipher = CIPHERS.get(HEX.formatHex(enc.get(0).value()));
        if (cipher == null) {
            throw unknown("its cipher (" + HEX.formatHex(enc.get(0).value()) + ") is none of AES-CBC and des-ede3-cbc");
        }
        List<Der.Element> p = kdf.get(1).children();
        byte[] salt = p.get(0).value();
        int iterations = new BigInteger(p.get(1).value()).intValueExact();
        String prf = "PBKDF2WithHmacSHA1";
        for (Der.Element e : p.subList(2, p.size())) {
            if (e.tag() == Der.SEQUENCE) {
                prf = PRFS.get(HEX.formatHex(e.children().get(0).value()));
                if (prf == null) {
                    throw unknown("its PBKDF2 hash (" + HEX.formatHex(e.children().get(0).value()) + ") is not HMAC-SHA1/2");
                }
            }
        }
        char[] chars = password.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, cipher.keyBytes() * 8);
        byte[] key;
        try {
            key = SecretKeyFactory.getInstance(prf).generateSecret(spec).getEncoded();
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
        Cipher c = Cipher.getInstance(cipher.transformation());
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, cipher.keyAlgorithm()), new IvParameterSpec(enc.get(1).value()));
        return c.doFinal(encrypted);
    }

    private static Pem.Unusable unknown(String why) {
        return new Pem.Unusable("is encrypted in a way loadgen does not read (" + why + "); re-encrypt it with: "
                + "openssl pkcs8 -topk8 -v2 aes-256-cbc -in OLD.pem -out key.pem");
    }
}
