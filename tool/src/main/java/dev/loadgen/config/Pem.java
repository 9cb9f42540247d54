package dev.loadgen.config;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PEM files (RFC 7468) as OpenSSL and the CAs write them: certificates, and a private key in any of its usual forms,
 * {@code PRIVATE KEY} (PKCS#8), {@code ENCRYPTED PRIVATE KEY} (PKCS#8 under a password), {@code RSA PRIVATE KEY}
 * (PKCS#1) and {@code EC PRIVATE KEY} (SEC1). The last two are wrapped in PKCS#8, which is all the JDK reads:
 * {@code PrivateKeyInfo ::= SEQUENCE { version INTEGER (0), algorithm SEQUENCE { OID, parameters }, key OCTET STRING }},
 * whose key is the PKCS#1 or SEC1 structure itself.
 */
final class Pem {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] RSA = HEX.parseHex("2a864886f70d010101");
    private static final byte[] EC = HEX.parseHex("2a8648ce3d0201");
    /** By the DER bytes of their OIDs, the key kinds a client certificate has, with the JDK's name for their KeyFactory. */
    private static final Map<String, String> KEY_FACTORIES = Map.of(
            HEX.formatHex(RSA), "RSA", HEX.formatHex(EC), "EC", "2a864886f70d01010a", "RSASSA-PSS", "2b6570", "Ed25519", "2b6571", "Ed448");

    private Pem() {
    }

    /** A PEM block: its label ({@code CERTIFICATE}), whether its headers say the old OpenSSL encryption, and its bytes. */
    record Block(String label, boolean legacyEncrypted, byte[] der) {
    }

    /** What makes a file unusable, in words that go after its name. */
    static final class Unusable extends Exception {
        /** The password is what is wrong (or missing), not the file. */
        final boolean password;

        Unusable(String message) {
            this(message, false);
        }

        Unusable(String message, boolean password) {
            super(message);
            this.password = password;
        }
    }

    private static Unusable wrongPassword() {
        return new Unusable("cannot be decrypted with the password given: a wrong password", true);
    }

    static List<Block> blocks(String text) throws Unusable {
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String body = m.group(2).replace("\r", "");
            boolean legacy = body.contains("Proc-Type:") && body.contains("ENCRYPTED");
            int blank = body.indexOf(":") >= 0 ? body.indexOf("\n\n", 0) : -1;
            String base64 = (blank >= 0 ? body.substring(blank) : body).replaceAll("\\s", "");
            try {
                out.add(new Block(m.group(1), legacy, Base64.getDecoder().decode(base64)));
            } catch (IllegalArgumentException e) {
                throw new Unusable("has a damaged PEM block (-----BEGIN " + m.group(1) + "-----: not base64)");
            }
        }
        return out;
    }

    static List<X509Certificate> certificates(List<Block> blocks) throws Unusable {
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory f = CertificateFactory.getInstance("X.509");
            for (Block b : blocks) {
                if (b.label().equals("CERTIFICATE") || b.label().equals("TRUSTED CERTIFICATE")) {
                    out.add((X509Certificate) f.generateCertificate(new ByteArrayInputStream(b.der())));
                }
            }
        } catch (CertificateException e) {
            throw new Unusable("holds a certificate that cannot be read (" + e.getMessage() + ")");
        }
        return out;
    }

    /** The first private key of the blocks, decrypted with {@code password} when it is encrypted. */
    static Optional<PrivateKey> privateKey(List<Block> blocks, Optional<String> password) throws Unusable {
        for (Block b : blocks) {
            switch (b.label()) {
                case "PRIVATE KEY" -> {
                    return Optional.of(pkcs8(b.der(), false));
                }
                case "ENCRYPTED PRIVATE KEY" -> {
                    return Optional.of(pkcs8(decrypt(b.der(), password.orElseThrow(() -> new Unusable(
                            "is encrypted (ENCRYPTED PRIVATE KEY): give its password with password:", true))), true));
                }
                case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> {
                    if (b.legacyEncrypted()) {
                        throw new Unusable("is encrypted the old OpenSSL way (Proc-Type: 4,ENCRYPTED), which loadgen does not read; "
                                + "convert it with: openssl pkcs8 -topk8 -in OLD.pem -out key.pem");
                    }
                    return Optional.of(pkcs8(b.label().startsWith("RSA") ? fromPkcs1(b.der()) : fromSec1(b.der()), false));
                }
                default -> {
                }
            }
        }
        return Optional.empty();
    }

    /**
     * {@code EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm AlgorithmIdentifier, encryptedData OCTET STRING }}:
     * PBES2 by {@link Pbes2}, the older PBES1 schemes by the JDK.
     */
    private static byte[] decrypt(byte[] der, String password) throws Unusable {
        List<Der.Element> info;
        List<Der.Element> algorithm;
        try {
            info = Der.parse(der).children();
            algorithm = info.get(0).children();
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new Unusable("holds a damaged encrypted key (" + e.getMessage() + ")");
        }
        try {
            if (HEX.formatHex(algorithm.get(0).value()).equals(Pbes2.OID)) {
                return Pbes2.decrypt(algorithm.get(1), info.get(1).value(), password);
            }
            EncryptedPrivateKeyInfo jdk = new EncryptedPrivateKeyInfo(der);
            SecretKeyFactory keys = SecretKeyFactory.getInstance(jdk.getAlgName());
            Cipher cipher = Cipher.getInstance(jdk.getAlgName());
            cipher.init(Cipher.DECRYPT_MODE, keys.generateSecret(new PBEKeySpec(password.toCharArray())), jdk.getAlgParameters());
            return jdk.getKeySpec(cipher).getEncoded();
        } catch (NoSuchAlgorithmException e) {
            throw new Unusable("is encrypted in a way this Java cannot decrypt (" + e.getMessage() + "); re-encrypt it with: "
                    + "openssl pkcs8 -topk8 -v2 aes-256-cbc -in OLD.pem -out key.pem");
        } catch (GeneralSecurityException e) {
            throw wrongPassword();
        } catch (java.io.IOException | IllegalArgumentException | IndexOutOfBoundsException | ArithmeticException e) {
            throw new Unusable("holds a damaged encrypted key (" + e.getMessage() + ")");
        }
    }

    /** {@code decrypted}: the bytes came out of a decryption, so bytes that are not a key mean a wrong password. */
    private static PrivateKey pkcs8(byte[] der, boolean decrypted) throws Unusable {
        String factory;
        try {
            List<Der.Element> info = Der.parse(der).children();
            byte[] oid = info.get(1).children().get(0).value();
            factory = KEY_FACTORIES.get(HEX.formatHex(oid));
            if (factory == null) {
                throw new Unusable("holds a key of a kind TLS client certificates do not use (algorithm " + HEX.formatHex(oid)
                        + "); use an RSA, EC or Ed25519 key");
            }
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw decrypted ? wrongPassword() : new Unusable("holds a damaged private key (not PKCS#8: " + e.getMessage() + ")");
        }
        try {
            return KeyFactory.getInstance(factory).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw decrypted ? wrongPassword() : new Unusable("holds a damaged " + factory + " private key (" + e.getMessage() + ")");
        }
    }

    /** PKCS#1's RSAPrivateKey in PKCS#8, under the rsaEncryption OID with NULL parameters. */
    private static byte[] fromPkcs1(byte[] der) {
        return Der.encode(Der.SEQUENCE, Der.encode(Der.INTEGER, new byte[] {0}),
                Der.encode(Der.SEQUENCE, Der.encode(Der.OID, RSA), Der.encode(Der.NULL)), Der.encode(Der.OCTET_STRING, der));
    }

    /**
     * SEC1's ECPrivateKey ({@code SEQUENCE { version 1, key OCTET STRING, [0] curve OID, [1] public key }}) in PKCS#8,
     * under the id-ecPublicKey OID with its curve as parameters.
     */
    private static byte[] fromSec1(byte[] der) throws Unusable {
        byte[] curve = null;
        try {
            for (Der.Element e : Der.parse(der).children()) {
                if (e.tag() == Der.CONTEXT_0) {
                    curve = Der.encoded(e.children().get(0));
                }
            }
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new Unusable("holds a damaged EC private key (not SEC1: " + e.getMessage() + ")");
        }
        if (curve == null) {
            throw new Unusable("holds an EC private key that does not name its curve; write it as PKCS#8 with: "
                    + "openssl pkcs8 -topk8 -nocrypt -in OLD.pem -out key.pem");
        }
        return Der.encode(Der.SEQUENCE, Der.encode(Der.INTEGER, new byte[] {0}), Der.encode(Der.SEQUENCE, Der.encode(Der.OID, EC), curve),
                Der.encode(Der.OCTET_STRING, der));
    }
}
