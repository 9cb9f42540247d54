package dev.loadgen.protocol;

import dev.loadgen.config.TlsConfig;
import dev.loadgen.config.TlsMaterials;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The TLS set-up of a client from {@code tls}, as a browser's: the server's certificate is verified against the JVM's
 * CAs and the {@code ca} files (only the files with {@code trust-system: false}) and must name the URL's host (endpoint
 * identification "HTTPS"); SNI is the URL's host name (the JDK sends it for a name with a dot, never for an address);
 * the client certificate, if any, is sent when the server asks for one from its issuer (or from any CA); sessions are cached per user, host and port and
 * resumed on the user's next connection ({@link UserTlsSessions}). {@code insecure-skip-verify}
 * accepts any certificate for any name.
 */
final class TlsContexts {
    /** The in-memory key store's password: the key came from the files (or their password) already. */
    private static final char[] IN_MEMORY = "loadgen".toCharArray();

    private TlsContexts() {
    }

    static SslContextFactory.Client client(TlsConfig tls) {
        TlsMaterials materials;
        try {
            materials = TlsMaterials.load(tls);
        } catch (TlsMaterials.Invalid e) {
            // read and checked when the configuration was bound: only a file changed since gets here
            throw new IllegalStateException("tls." + e.key() + ": " + e.getMessage(), e);
        }
        SslContextFactory.Client f;
        try {
            f = new UserTlsSessions(keyManagers(materials), trustManagers(tls, materials.ca()));
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
        f.setEndpointIdentificationAlgorithm(tls.insecureSkipVerify() ? null : "HTTPS");
        if (!tls.protocols().isEmpty()) {
            f.setIncludeProtocols(tls.protocols().toArray(String[]::new));
        }
        return f;
    }

    private static KeyManager[] keyManagers(TlsMaterials materials) throws GeneralSecurityException, java.io.IOException {
        if (materials.identity().isEmpty()) {
            return null;
        }
        TlsMaterials.Identity id = materials.identity().get();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", id.key(), IN_MEMORY, id.chain().toArray(X509Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, IN_MEMORY);
        return kmf.getKeyManagers();
    }

    private static TrustManager[] trustManagers(TlsConfig tls, List<X509Certificate> ca) throws GeneralSecurityException,
            java.io.IOException {
        if (tls.insecureSkipVerify()) {
            return SslContextFactory.TRUST_ALL_CERTS;
        }
        if (tls.trustSystem() && ca.isEmpty()) {
            return new TrustManager[] {new SystemTrust()};
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        int n = 0;
        if (tls.trustSystem()) {
            for (X509Certificate c : SystemCas.ALL) {
                trusted.setCertificateEntry("system-" + n++, c);
            }
        }
        for (X509Certificate c : ca) {
            trusted.setCertificateEntry("ca-" + n++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        return tmf.getTrustManagers();
    }

    /** The JVM's trusted CAs (its cacerts, or javax.net.ssl.trustStore), read once. */
    private static final class SystemCas {
        static final List<X509Certificate> ALL = read();

        private static List<X509Certificate> read() {
            try {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init((KeyStore) null);
                for (TrustManager tm : tmf.getTrustManagers()) {
                    if (tm instanceof X509TrustManager x) {
                        return List.of(x.getAcceptedIssuers());
                    }
                }
                return List.of();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot read the JVM's trusted CAs: " + e.getMessage(), e);
            }
        }
    }
}
