package dev.loadgen;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * An HTTPS (and WSS) server on loopback for tests: it answers 200 "ok" (and {@code Connection: close} on {@code /close}),
 * upgrades {@code /ws}, and counts the sessions its requests came over (its full handshakes) with the SNI names asked for.
 */
public final class TlsServer implements AutoCloseable {
    private final Server server = new Server();
    private final ServerConnector connector;
    /** When each session was made: a resumed session keeps the time of the one it resumes, so each is a full handshake. */
    private final Set<Long> sessions = ConcurrentHashMap.newKeySet();
    private final List<String> sniNames = new CopyOnWriteArrayList<>();

    /**
     * @param clientCa  when present, a client certificate issued by it is required
     * @param protocols the versions spoken, empty for the JVM's
     */
    public TlsServer(TestCertificates.Issued identity, Optional<X509Certificate> clientCa, List<String> protocols) throws Exception {
        char[] pw = "server".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", identity.key(), pw, identity.chain().toArray(X509Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, pw);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        if (clientCa.isPresent()) {
            trusted.setCertificateEntry("client-ca", clientCa.get());
        }
        tmf.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setSslContext(context);
        ssl.setNeedClientAuth(clientCa.isPresent());
        if (!protocols.isEmpty()) {
            ssl.setIncludeProtocols(protocols.toArray(String[]::new));
        }
        HttpConfiguration http = new HttpConfiguration();
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // a certificate for another name than the one asked for is the client's to judge (tests of insecure-skip-verify)
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServerWebSocketContainer ws = ServerWebSocketContainer.ensure(server);
        server.setHandler(new Handler.Abstract(Handler.Abstract.InvocationType.BLOCKING) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String path = Request.getPathInContext(request);
                if (path.equals("/ws")) {
                    return ws.upgrade((rq, rs, cb) -> new Session.Listener.AutoDemanding() {}, request, response, callback);
                }
                response.setStatus(200);
                if (request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData d) {
                    sessions.add(d.sslSession().getCreationTime());
                    if (d.sslSession() instanceof ExtendedSSLSession e) {
                        for (SNIServerName n : e.getRequestedServerNames()) {
                            if (n instanceof SNIHostName h) {
                                sniNames.add(h.getAsciiName());
                            }
                        }
                    }
                }
                if (path.equals("/close")) {
                    response.getHeaders().put(HttpHeader.CONNECTION, "close");
                }
                response.write(true, ByteBuffer.wrap("ok".getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        server.start();
    }

    public static TlsServer start(TestCertificates.Issued identity) throws Exception {
        return new TlsServer(identity, Optional.empty(), List.of());
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** {@code https://HOST:PORT} + path. */
    public URI uri(String host, String path) {
        return URI.create("https://" + host + ":" + port() + path);
    }

    public int fullHandshakes() {
        return sessions.size();
    }

    public List<String> sniNames() {
        return List.copyOf(sniNames);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
