package dev.loadgen.protocol;

import java.security.GeneralSecurityException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.io.ssl.SslClientConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * TLS sessions cached per user, as each person's browser caches its own: a user's next connection to a host resumes
 * that user's session (no certificate sent, no signature made), while another user's first connection is a full
 * handshake, as it is for the server in production. The JDK caches sessions per {@link SSLContext}, so each user (a
 * request tag: {@link ClientSession}) has a context of its own over the same key and trust managers, about 1 KB and
 * 0.1 ms to make. Requests without a tag (the shared pool of {@code connections: shared}) share the client's context.
 * A user's context goes when its tag does (weak keys), that is when the user is gone and its connections closed (but for
 * users 0 to 127, whose tags the JVM keeps in its cache of small Longs: a bounded few KB).
 */
final class UserTlsSessions extends SslContextFactory.Client implements SslClientConnectionFactory.SslEngineFactory {
    private final KeyManager[] keys;
    private final TrustManager[] trust;
    private final Map<Object, SSLContext> byUser = Collections.synchronizedMap(new WeakHashMap<>());

    UserTlsSessions(KeyManager[] keys, TrustManager[] trust) throws GeneralSecurityException {
        this.keys = keys;
        this.trust = trust;
        setSslContext(newContext());
    }

    private SSLContext newContext() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys, trust, null);
        return context;
    }

    @Override
    public SSLEngine newSslEngine(String host, int port, Map<String, Object> context) {
        Object user = context.get(Destination.CONTEXT_KEY) instanceof Destination d ? d.getOrigin().getTag() : null;
        if (user == null) {
            return newSSLEngine(host, port);
        }
        SSLEngine engine = byUser.computeIfAbsent(user, u -> {
            try {
                return newContext();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
            }
        }).createSSLEngine(host, port);
        // as newSSLEngine does: protocols, cipher suites, endpoint identification, SNI
        customize(engine);
        return engine;
    }
}
