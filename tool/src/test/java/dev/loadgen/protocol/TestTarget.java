package dev.loadgen.protocol;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import org.eclipse.jetty.http.HttpHeader;
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
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * A target on 127.0.0.1 for the proxy and name-override tests, in clear or over TLS with a self-signed certificate made
 * for the test by keytool. It answers 200 {@code ok} (and WebSocket upgrades on {@code /ws}) and records what each
 * request carried: its Host header, whether a Proxy-Authorization reached it, and over TLS the SNI of each handshake.
 */
public final class TestTarget implements AutoCloseable {
    private final Server server = new Server();
    private final ServerConnector connector;
    private final boolean tls;
    /** The Host header of each request. */
    public final List<String> hosts = new CopyOnWriteArrayList<>();
    /** The Proxy-Authorization headers that reached the target: a proxy should never let one through. */
    public final List<String> proxyAuthorizations = new CopyOnWriteArrayList<>();
    /** The server name each TLS handshake asked for (SNI), "" when none. */
    public final List<String> sni = new CopyOnWriteArrayList<>();

    private TestTarget(Path keystore) throws Exception {
        tls = keystore != null;
        if (tls) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(keystore.toString());
            ssl.setKeyStorePassword(PASSWORD);
            // the certificate is for api.example.test; with the check on, a handshake for 127.0.0.1 would be refused
            HttpConfiguration config = new HttpConfiguration();
            SecureRequestCustomizer customizer = new SecureRequestCustomizer();
            customizer.setSniHostCheck(false);
            config.addCustomizer(customizer);
            SslConnectionFactory sslFactory = new SslConnectionFactory(ssl, "http/1.1");
            sslFactory.addBean(new SslHandshakeListener() {
                @Override
                public void handshakeSucceeded(Event event) {
                    List<SNIServerName> names = ((ExtendedSSLSession) event.getSSLEngine().getSession()).getRequestedServerNames();
                    sni.add(names.isEmpty() ? "" : ((SNIHostName) names.getFirst()).getAsciiName());
                }
            });
            connector = new ServerConnector(server, sslFactory, new HttpConnectionFactory(config));
        } else {
            connector = new ServerConnector(server);
        }
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServerWebSocketContainer ws = ServerWebSocketContainer.ensure(server);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                hosts.add(String.valueOf(request.getHeaders().get(HttpHeader.HOST)));
                String pa = request.getHeaders().get(HttpHeader.PROXY_AUTHORIZATION);
                if (pa != null) {
                    proxyAuthorizations.add(pa);
                }
                if (request.getHttpURI().getPath().equals("/ws")) {
                    return ws.upgrade((rq, rs, cb) -> new Session.Listener.AutoDemanding() {}, request, response, callback);
                }
                response.setStatus(200);
                response.write(true, java.nio.ByteBuffer.wrap("ok".getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        server.start();
    }

    static final String PASSWORD = SelfSigned.PASSWORD;

    public static TestTarget plain() throws Exception {
        return new TestTarget(null);
    }

    /** Over TLS, with a self-signed certificate for {@code name} (and 127.0.0.1) in a key store made in {@code dir}. */
    public static TestTarget tls(Path dir, String name) throws Exception {
        Path store = SelfSigned.store(dir.resolve("target.p12"), name);
        return new TestTarget(store);
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The target's URL for {@code host} (which may be a name that target.hosts aims at 127.0.0.1), and {@code path}. */
    public URI url(String host, String path) {
        return URI.create((tls ? "https://" : "http://") + host + ":" + port() + path);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
