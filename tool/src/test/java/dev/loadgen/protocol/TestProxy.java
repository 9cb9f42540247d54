package dev.loadgen.protocol;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ConnectHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own forward proxy on loopback, for tests: absolute-form requests forwarded (ProxyHandler.Forward), CONNECT
 * tunnels (ConnectHandler), and with {@code credentials} a 407 to any request whose Proxy-Authorization is not theirs. It
 * records each request it was asked to carry ({@code GET http://127.0.0.1:8080/x}, {@code CONNECT api.example.test:443}).
 * The names under {@code .test} are 127.0.0.1 to it, as names only a corporate network's DNS knows are to its proxy.
 */
public final class TestProxy implements AutoCloseable {
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    /** Each request the proxy carried: its method and target. */
    public final List<String> carried = new CopyOnWriteArrayList<>();
    /** Requests turned away with 407. */
    public final AtomicInteger refused = new AtomicInteger();

    private TestProxy(Optional<String> credentials) throws Exception {
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        String expected = credentials.map(c -> "Basic " + Base64.getEncoder().encodeToString(c.getBytes(StandardCharsets.UTF_8))).orElse(null);
        ProxyHandler.Forward forward = new ProxyHandler.Forward() {
            @Override
            protected void configureHttpClient(org.eclipse.jetty.client.HttpClient client) {
                super.configureHttpClient(client);
                client.setSocketAddressResolver((host, port, context, promise) -> promise.succeeded(List.of(address(host, port))));
            }

            @Override
            protected void copyRequestHeaders(Request clientToProxy, org.eclipse.jetty.client.Request proxyToServer) {
                super.copyRequestHeaders(clientToProxy, proxyToServer);
                // a proxy consumes its own credentials
                proxyToServer.headers(h -> h.remove(HttpHeader.PROXY_AUTHORIZATION));
            }
        };
        ConnectHandler connect = new ConnectHandler(forward) {
            @Override
            protected InetSocketAddress newConnectAddress(String host, int port) {
                return address(host, port);
            }
        };
        Handler gate = new Handler.Wrapper(connect) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                if (expected != null && !expected.equals(request.getHeaders().get(HttpHeader.PROXY_AUTHORIZATION))) {
                    refused.incrementAndGet();
                    response.setStatus(HttpStatus.PROXY_AUTHENTICATION_REQUIRED_407);
                    response.getHeaders().put(HttpHeader.PROXY_AUTHENTICATE, "Basic realm=\"test\"");
                    callback.succeeded();
                    return true;
                }
                String target = request.getMethod().equals("CONNECT") ? request.getHttpURI().getAuthority() : request.getHttpURI().asString();
                carried.add(request.getMethod() + " " + target);
                return super.handle(request, response, callback);
            }
        };
        server.setHandler(gate);
        server.start();
    }

    private static InetSocketAddress address(String host, int port) {
        return host.endsWith(".test") ? new InetSocketAddress("127.0.0.1", port) : new InetSocketAddress(host, port);
    }

    /** A proxy that carries anyone's requests. */
    public static TestProxy open() throws Exception {
        return new TestProxy(Optional.empty());
    }

    /** A proxy that carries only the requests with {@code user:password} as their Proxy-Authorization. */
    public static TestProxy withCredentials(String userColonPassword) throws Exception {
        return new TestProxy(Optional.of(userColonPassword));
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://127.0.0.1:port}, or with credentials in its user info. */
    public String url(String userInfo) {
        return "http://" + (userInfo.isEmpty() ? "" : userInfo + "@") + "127.0.0.1:" + port();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
