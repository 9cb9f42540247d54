package dev.loadgen.protocol;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import javax.net.ssl.SSLEngine;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
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
 * A Jetty server on loopback that speaks a chosen set of protocols, in clear text or over TLS with a self-signed certificate
 * made by the test, and notes each request's HTTP version and the client port it came from, and every connection opened.
 * {@code /together} answers once {@link #together} requests have arrived, so that they are all in flight at once;
 * {@code /ws} upgrades to a WebSocket.
 */
public final class ProtocolServer implements AutoCloseable {
    /** What the server offers. */
    public enum Offer {
        /** Clear text: HTTP/1.1 only. */
        H1,
        /** Clear text: HTTP/1.1, and h2 with prior knowledge. */
        H1_H2C,
        /** TLS; ALPN offers h2 then http/1.1, as nginx does with {@code http2 on}. */
        TLS_H2_H1,
        /** TLS; ALPN offers http/1.1 alone (with a client that offers nothing it has, Jetty ends the handshake). */
        TLS_H1,
        /** TLS without ALPN at all: HTTP/1.1, as an old server speaks it. */
        TLS_H1_NO_ALPN
    }

    /** One request as the server saw it. */
    public record Seen(String path, String version, int port) {}

    private static final String PASSWORD = SelfSigned.PASSWORD;

    public final List<Seen> seen = new CopyOnWriteArrayList<>();
    /** What each TLS client offered by ALPN, when the server does ALPN. */
    final List<List<String>> offers = new CopyOnWriteArrayList<>();
    private final Set<Integer> opened = ConcurrentHashMap.newKeySet();
    private final Server server = new Server();
    private final ServerConnector connector;
    private final boolean secure;
    private volatile CountDownLatch together = new CountDownLatch(0);

    /** {@code keystore}: the certificate a TLS offer presents ({@link #selfSigned}); unused in clear text. */
    public ProtocolServer(Offer offer, Path keystore) throws Exception {
        HttpConfiguration config = new HttpConfiguration();
        // the test reaches the server at 127.0.0.1, which is no SNI host name
        config.addCustomizer(new SecureRequestCustomizer(false));
        HttpConnectionFactory h1 = new HttpConnectionFactory(config);
        secure = offer != Offer.H1 && offer != Offer.H1_H2C;
        ConnectionFactory[] factories = switch (offer) {
            case H1 -> new ConnectionFactory[] {h1};
            case H1_H2C -> new ConnectionFactory[] {h1, new HTTP2CServerConnectionFactory(config)};
            case TLS_H2_H1 -> {
                ALPNServerConnectionFactory alpn = new NotingAlpn("h2", "http/1.1");
                alpn.setDefaultProtocol("http/1.1");
                yield new ConnectionFactory[] {tls(keystore, alpn.getProtocol()), alpn, new HTTP2ServerConnectionFactory(config), h1};
            }
            case TLS_H1 -> {
                ALPNServerConnectionFactory alpn = new NotingAlpn("http/1.1");
                alpn.setDefaultProtocol("http/1.1");
                yield new ConnectionFactory[] {tls(keystore, alpn.getProtocol()), alpn, h1};
            }
            case TLS_H1_NO_ALPN -> new ConnectionFactory[] {tls(keystore, h1.getProtocol()), h1};
        };
        connector = new ServerConnector(server, factories);
        connector.setHost("127.0.0.1");
        // every connection a client opens, whether or not a request comes over it; a TLS connection's layers share its port
        connector.addBean(new Connection.Listener() {
            @Override
            public void onOpened(Connection connection) {
                opened.add(((InetSocketAddress) connection.getEndPoint().getRemoteSocketAddress()).getPort());
            }
        });
        server.addConnector(connector);
        ServerWebSocketContainer ws = ServerWebSocketContainer.ensure(server);
        server.setHandler(new Handler.Abstract(Handler.Abstract.InvocationType.BLOCKING) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String path = Request.getPathInContext(request);
                seen.add(new Seen(path, request.getConnectionMetaData().getHttpVersion().asString(), Request.getRemotePort(request)));
                if (path.equals("/ws")) {
                    return ws.upgrade((rq, rs, cb) -> new Session.Listener.AutoDemanding() {}, request, response, callback);
                }
                if (path.equals("/together")) {
                    CountDownLatch all = together;
                    all.countDown();
                    if (!all.await(10, TimeUnit.SECONDS)) {
                        response.setStatus(504);
                    }
                }
                response.write(true, ByteBuffer.wrap("ok".getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        server.start();
    }

    /** ALPN as Jetty does it, noting what each client offered (the JDK's selector is handed the client's list). */
    private final class NotingAlpn extends ALPNServerConnectionFactory {
        NotingAlpn(String... protocols) {
            super(protocols);
        }

        @Override
        protected AbstractConnection newServerConnection(Connector connector, EndPoint endPoint, SSLEngine engine, List<String> protocols,
                                                         String defaultProtocol) {
            AbstractConnection c = super.newServerConnection(connector, endPoint, engine, protocols, defaultProtocol);
            BiFunction<SSLEngine, List<String>, String> select = engine.getHandshakeApplicationProtocolSelector();
            engine.setHandshakeApplicationProtocolSelector((e, offered) -> {
                offers.add(List.copyOf(offered));
                return select.apply(e, offered);
            });
            return c;
        }
    }

    private static SslConnectionFactory tls(Path keystore, String next) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(keystore.toString());
        ssl.setKeyStoreType("PKCS12");
        ssl.setKeyStorePassword(PASSWORD);
        return new SslConnectionFactory(ssl, next);
    }

    /** {@code /together} answers once this many requests wait on it. */
    void together(int requests) {
        together = new CountDownLatch(requests);
    }

    public URI uri(String path) {
        return URI.create((secure ? "https" : "http") + "://127.0.0.1:" + connector.getLocalPort() + path);
    }

    URI ws(String path) {
        return URI.create((secure ? "wss" : "ws") + "://127.0.0.1:" + connector.getLocalPort() + path);
    }

    /** The connections clients opened, requests or not: distinct client ports. */
    int connections() {
        return opened.size();
    }

    /**
     * A PKCS#12 key store in {@code dir} with a fresh self-signed certificate for localhost and 127.0.0.1, made by the JDK's
     * keytool: no key is ever committed.
     */
    public static Path selfSigned(Path dir) throws Exception {
        return SelfSigned.store(dir.resolve("server.p12"), "localhost");
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
