package dev.loadgen.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The certificates and key a {@link TlsConfig} names, read and checked: the CAs to trust ({@code ca}), and the client's
 * identity for mutual TLS, from PEM files ({@code cert} and {@code key}) or a PKCS#12 {@code keystore}. Read when the
 * configuration is bound, so that a bad file stops the run before anything is sent, and again when the clients start.
 */
public record TlsMaterials(List<X509Certificate> ca, Optional<Identity> identity) {
    /** Larger than any certificate bundle: a file this big was given by mistake. */
    private static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

    public TlsMaterials {
        ca = List.copyOf(ca);
    }

    /** A private key and its certificate chain, the key's own certificate first. */
    public record Identity(PrivateKey key, List<X509Certificate> chain) {
        public Identity {
            chain = List.copyOf(chain);
        }
    }

    /** What is wrong: under which {@code tls} key ({@code ca}, {@code cert}, {@code key}, {@code keystore}, {@code password}),
     *  which of the {@code ca} files, and why. */
    public static final class Invalid extends Exception {
        private final String key;
        private final int index;

        Invalid(String key, int index, String message) {
            super(message);
            this.key = key;
            this.index = index;
        }

        Invalid(String key, String message) {
            this(key, 0, message);
        }

        public String key() {
            return key;
        }

        public int index() {
            return index;
        }
    }

    public static TlsMaterials load(TlsConfig tls) throws Invalid {
        if (tls.keystore().isPresent() && (tls.cert().isPresent() || tls.key().isPresent())) {
            throw new Invalid("keystore", "give the client certificate either as a keystore or as cert and key, not both");
        }
        if (tls.cert().isPresent() != tls.key().isPresent()) {
            throw tls.cert().isPresent()
                    ? new Invalid("cert", "a client certificate needs its private key: add key: FILE.pem (or give a PKCS#12 keystore instead)")
                    : new Invalid("key", "a private key needs its certificate: add cert: FILE.pem (or give a PKCS#12 keystore instead)");
        }
        List<X509Certificate> ca = new ArrayList<>();
        for (int i = 0; i < tls.ca().size(); i++) {
            Path file = tls.ca().get(i);
            try {
                List<X509Certificate> certs = Pem.certificates(Pem.blocks(text(file)));
                if (certs.isEmpty()) {
                    throw new Pem.Unusable("holds no certificate (-----BEGIN CERTIFICATE-----); give the CA's certificate in PEM");
                }
                ca.addAll(certs);
            } catch (Pem.Unusable e) {
                throw new Invalid("ca", i, file + " " + e.getMessage());
            }
        }
        Optional<Identity> identity = tls.keystore().isPresent() ? Optional.of(keystore(tls.keystore().get(), tls.password()))
                : tls.cert().isPresent() ? Optional.of(pem(tls.cert().get(), tls.key().orElseThrow(), tls.password())) : Optional.empty();
        return new TlsMaterials(ca, identity);
    }

    private static Identity pem(Path certFile, Path keyFile, Optional<String> password) throws Invalid {
        List<X509Certificate> chain;
        try {
            chain = new ArrayList<>(Pem.certificates(Pem.blocks(text(certFile))));
            if (chain.isEmpty()) {
                throw new Pem.Unusable("holds no certificate (-----BEGIN CERTIFICATE-----); give the client certificate in PEM");
            }
        } catch (Pem.Unusable e) {
            throw new Invalid("cert", certFile + " " + e.getMessage());
        }
        PrivateKey key;
        try {
            key = Pem.privateKey(Pem.blocks(text(keyFile)), password).orElseThrow(() -> new Pem.Unusable(
                    "holds no private key (-----BEGIN PRIVATE KEY-----); give the client certificate's key in PEM"));
        } catch (Pem.Unusable e) {
            throw new Invalid(e.password && password.isPresent() ? "password" : "key", keyFile + " " + e.getMessage());
        }
        int own = owner(key, chain);
        if (own < 0) {
            throw new Invalid("key", keyFile + " is not the key of the certificate in " + certFile
                    + " (their public keys differ); give the key the certificate was issued for");
        }
        Collections.swap(chain, 0, own);
        valid(chain.get(0), "cert", certFile);
        return new Identity(key, chain);
    }

    private static Identity keystore(Path file, Optional<String> password) throws Invalid {
        char[] pw = password.map(String::toCharArray).orElse(null);
        KeyStore ks;
        try {
            ks = KeyStore.getInstance("PKCS12");
            byte[] bytes = bytes(file);
            ks.load(new ByteArrayInputStream(bytes), pw);
        } catch (Pem.Unusable e) {
            throw new Invalid("keystore", file + " " + e.getMessage());
        } catch (IOException | GeneralSecurityException e) {
            boolean wrongPassword = false;
            for (Throwable t = e; t != null; t = t.getCause()) {
                wrongPassword |= t instanceof UnrecoverableKeyException || String.valueOf(t.getMessage()).contains("password");
            }
            if (wrongPassword) {
                throw password.isPresent() ? new Invalid("password", file + " cannot be opened with the password given: a wrong password")
                        : new Invalid("keystore", file + " is locked by a password: give it with password:");
            }
            throw new Invalid("keystore", file + " is not a PKCS#12 keystore (" + e.getMessage() + "); make one with: openssl pkcs12 "
                    + "-export -in cert.pem -inkey key.pem -out client.p12");
        }
        try {
            for (String alias : Collections.list(ks.aliases())) {
                if (!ks.isKeyEntry(alias)) {
                    continue;
                }
                Key key = ks.getKey(alias, pw == null ? new char[0] : pw);
                Certificate[] certs = ks.getCertificateChain(alias);
                if (key instanceof PrivateKey pk && certs != null && certs.length > 0) {
                    List<X509Certificate> chain = new ArrayList<>();
                    for (Certificate c : certs) {
                        chain.add((X509Certificate) c);
                    }
                    valid(chain.get(0), "keystore", file);
                    return new Identity(pk, chain);
                }
            }
        } catch (UnrecoverableKeyException e) {
            throw new Invalid(password.isPresent() ? "password" : "keystore", file + "'s key cannot be opened with "
                    + (password.isPresent() ? "the password given: a wrong password" : "no password: give it with password:"));
        } catch (GeneralSecurityException e) {
            throw new Invalid("keystore", file + " cannot be read (" + e.getMessage() + ")");
        }
        throw new Invalid("keystore", file + " holds no private key with its certificate; make one with: openssl pkcs12 -export "
                + "-in cert.pem -inkey key.pem -out client.p12");
    }

    /** Which certificate of the chain {@code key} belongs to: its signature checks with that certificate's public key. */
    private static int owner(PrivateKey key, List<X509Certificate> chain) {
        for (int i = 0; i < chain.size(); i++) {
            if (pair(key, chain.get(i).getPublicKey())) {
                return i;
            }
        }
        return -1;
    }

    static boolean pair(PrivateKey key, PublicKey pub) {
        try {
            Signature sign = signature(key.getAlgorithm());
            byte[] data = new byte[32];
            new SecureRandom().nextBytes(data);
            sign.initSign(key);
            sign.update(data);
            byte[] signed = sign.sign();
            Signature verify = signature(key.getAlgorithm());
            verify.initVerify(pub);
            verify.update(data);
            return verify.verify(signed);
        } catch (GeneralSecurityException | RuntimeException e) {
            // a key of another kind than the certificate's (an EC key for an RSA certificate) cannot verify at all
            return false;
        }
    }

    private static Signature signature(String keyAlgorithm) throws GeneralSecurityException {
        return switch (keyAlgorithm) {
            case "RSA" -> Signature.getInstance("SHA256withRSA");
            case "EC" -> Signature.getInstance("SHA256withECDSA");
            case "RSASSA-PSS" -> {
                Signature s = Signature.getInstance("RSASSA-PSS");
                s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                yield s;
            }
            default -> Signature.getInstance(keyAlgorithm); // EdDSA, Ed25519, Ed448
        };
    }

    private static void valid(X509Certificate cert, String key, Path file) throws Invalid {
        try {
            cert.checkValidity();
        } catch (CertificateExpiredException e) {
            throw new Invalid(key, file + " holds a client certificate that expired on " + cert.getNotAfter().toInstant()
                    + "; renew it");
        } catch (CertificateNotYetValidException e) {
            throw new Invalid(key, file + " holds a client certificate valid only from " + cert.getNotBefore().toInstant());
        }
    }

    /** A PEM file's text: any bytes read as Latin-1, so that a binary file given by mistake is "no PEM block", not a decoding error. */
    private static String text(Path file) throws Pem.Unusable {
        return new String(bytes(file), StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(Path file) throws Pem.Unusable {
        try {
            if (Files.isDirectory(file)) {
                throw new Pem.Unusable("is a folder, not a file");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new Pem.Unusable("is " + Files.size(file) / 1024 + " KB: not a certificate, key or keystore file");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new Pem.Unusable("cannot be read: no such file");
        } catch (AccessDeniedException e) {
            throw new Pem.Unusable("cannot be read: permission denied");
        } catch (IOException e) {
            throw new Pem.Unusable("cannot be read: " + e.getMessage());
        }
    }
}
