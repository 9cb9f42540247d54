package dev.loadgen;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Certificates made for a test, never committed: a CA, server certificates for names and addresses, client
 * certificates, and their keys written in each form loadgen reads (by BouncyCastle, another implementation than
 * loadgen's reader). EC P-256 keys unless RSA is asked for: they are made in a millisecond.
 */
public final class TestCertificates {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private TestCertificates() {
    }

    /** A key pair and the certificate issued for it (its chain: this one, then its CA's). */
    public record Issued(KeyPair keys, X509Certificate cert, List<X509Certificate> chain) {
        public PrivateKey key() {
            return keys.getPrivate();
        }
    }

    public static Issued ca(String name) {
        KeyPair keys = ec();
        return new Issued(keys, build(name, keys, name, keys.getPrivate(), true, List.of(), null, Duration.ofDays(30)), List.of());
    }

    /** A server certificate for these host names and addresses (an address is an IP SAN, a name a DNS SAN). */
    public static Issued server(Issued ca, String... names) {
        return issue(ca, names[0], ec(), List.of(names), KeyPurposeId.id_kp_serverAuth, Duration.ofDays(30));
    }

    public static Issued client(Issued ca, String name) {
        return issue(ca, name, ec(), List.of(), KeyPurposeId.id_kp_clientAuth, Duration.ofDays(30));
    }

    public static Issued rsaClient(Issued ca, String name) {
        return issue(ca, name, rsa(), List.of(), KeyPurposeId.id_kp_clientAuth, Duration.ofDays(30));
    }

    /** A client certificate that expired an hour ago. */
    public static Issued expiredClient(Issued ca, String name) {
        return issue(ca, name, ec(), List.of(), KeyPurposeId.id_kp_clientAuth, Duration.ofHours(-1));
    }

    private static Issued issue(Issued ca, String name, KeyPair keys, List<String> sans, KeyPurposeId purpose, Duration valid) {
        X509Certificate cert = build(name, keys, ca.cert().getSubjectX500Principal().getName(), ca.key(), false, sans, purpose, valid);
        return new Issued(keys, cert, List.of(cert, ca.cert()));
    }

    private static X509Certificate build(String subject, KeyPair keys, String issuer, PrivateKey signer, boolean isCa, List<String> sans,
                                         KeyPurposeId purpose, Duration valid) {
        try {
            Instant now = Instant.now();
            Instant notBefore = valid.isNegative() ? now.minus(Duration.ofDays(2)) : now.minus(Duration.ofMinutes(5));
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(x500(issuer), BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(notBefore), Date.from(now.plus(valid)), x500(subject), keys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(isCa ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                    : KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            if (purpose != null) {
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            }
            if (!sans.isEmpty()) {
                List<GeneralName> names = new ArrayList<>();
                for (String s : sans) {
                    names.add(s.matches("[0-9.]+|.*:.*") ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(s).getHostAddress())
                            : new GeneralName(GeneralName.dNSName, s));
                }
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            String algorithm = signer.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(algorithm).build(signer)));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X500Name x500(String name) {
        return new X500Name(name.contains("=") ? name : "CN=" + name);
    }

    private static KeyPair ec() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(1024); // small: made in the test, for reading PKCS#1, not for strength
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Certificates in one PEM file. */
    public static Path pem(Path file, List<X509Certificate> certs) throws IOException {
        return write(file, certs.toArray());
    }

    /** The key as PKCS#8 ({@code PRIVATE KEY}). */
    public static Path pkcs8(Path file, PrivateKey key) throws IOException {
        return write(file, new JcaPKCS8Generator(key, null));
    }

    /** The key as PKCS#8 under a password ({@code ENCRYPTED PRIVATE KEY}: PBES2, PBKDF2 with HMAC-SHA256, AES-256-CBC). */
    public static Path encryptedPkcs8(Path file, PrivateKey key, String password) throws IOException {
        return encryptedPkcs8(file, key, password, PKCS8Generator.AES_256_CBC);
    }

    /** The key under a password as OpenSSL 3.0's {@code req} writes it: PBES2, PBKDF2 with HMAC-SHA256, des-ede3-cbc. */
    public static Path des3Pkcs8(Path file, PrivateKey key, String password) throws IOException {
        return encryptedPkcs8(file, key, password, PKCS8Generator.DES3_CBC);
    }

    private static Path encryptedPkcs8(Path file, PrivateKey key, String password, ASN1ObjectIdentifier cipher) throws IOException {
        try {
            return write(file, new JcaPKCS8Generator(key, new JceOpenSSLPKCS8EncryptorBuilder(cipher).setProvider(new BouncyCastleProvider())
                    .setPRF(PKCS8Generator.PRF_HMACSHA256).setPassword(password.toCharArray()).build()));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The key in its algorithm's own form: {@code RSA PRIVATE KEY} (PKCS#1) or {@code EC PRIVATE KEY} (SEC1, naming its curve
     * as OpenSSL writes it; the JDK's encoding leaves the curve to PKCS#8's wrapper).
     */
    public static Path traditional(Path file, PrivateKey key) throws IOException {
        if (key instanceof ECPrivateKey ec) {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
            ASN1ObjectIdentifier curve = ASN1ObjectIdentifier.getInstance(info.getPrivateKeyAlgorithm().getParameters());
            byte[] sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(ec.getParams().getOrder().bitLength(), ec.getS(), curve).getEncoded();
            return write(file, new PemObject("EC PRIVATE KEY", sec1));
        }
        return write(file, key);
    }

    /** A PKCS#12 keystore holding the key and its chain. */
    public static Path pkcs12(Path file, Issued id, String password) throws IOException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("client", id.key(), password.toCharArray(), id.chain().toArray(X509Certificate[]::new));
            try (OutputStream out = Files.newOutputStream(file)) {
                ks.store(out, password.toCharArray());
            }
            return file;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path write(Path file, Object... objects) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(text)) {
            for (Object o : objects) {
                w.writeObject(o);
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text.toString());
        return file;
    }
}
