package dev.loadgen.protocol;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JVM's own trust (its {@code cacerts}, or {@code javax.net.ssl.trustStore}), as the JDK gives it to a TLS context
 * made without trust managers, but read at the first handshake rather than when the HTTP client starts: reading the
 * store's certificates took about 60 ms of every run's start (issue 18, goal 3), most of them runs of plain HTTP. Every
 * check is the JDK's own trust manager's, endpoint identification included.
 */
final class SystemTrust extends X509ExtendedTrustManager {
    private volatile X509ExtendedTrustManager jvm;

    private X509ExtendedTrustManager jvm() throws CertificateException {
        X509ExtendedTrustManager t = jvm;
        if (t == null) {
            synchronized (this) {
                if (jvm == null) {
                    jvm = read();
                }
                t = jvm;
            }
        }
        return t;
    }

    private static X509ExtendedTrustManager read() throws CertificateException {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return x;
                }
            }
            throw new CertificateException("the JVM has no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new CertificateException("cannot read the JVM's trusted CAs: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        jvm().checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        jvm().checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        jvm().checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        jvm().checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        jvm().checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        jvm().checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        try {
            return jvm().getAcceptedIssuers();
        } catch (CertificateException e) {
            return new X509Certificate[0];
        }
    }
}
