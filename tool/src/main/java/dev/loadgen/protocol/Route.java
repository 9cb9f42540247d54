package dev.loadgen.protocol;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;

/** How a request to one URL reaches its host: directly (at the address {@code target.hosts} gives its name, if any), or through a proxy. */
public sealed interface Route {
    /** The address a connection for {@code uri} is opened to: the host's, the override's, or the proxy's. */
    InetSocketAddress connectAddress(URI uri) throws UnknownHostException;

    /** Straight to the URL's host, at {@code address} when {@code target.hosts} names it. */
    record Direct(Optional<String> address) implements Route {
        @Override
        public InetSocketAddress connectAddress(URI uri) throws UnknownHostException {
            int port = Routes.port(uri);
            return address.isPresent() ? new InetSocketAddress(InetAddress.getByName(address.get()), port)
                    : new InetSocketAddress(HostPolicy.normalize(uri.getHost()), port);
        }
    }

    /** Through the proxy at {@code proxy} (its credentials in its user info): absolute-form for http, a CONNECT tunnel for https. */
    record Proxied(URI proxy) implements Route {
        @Override
        public InetSocketAddress connectAddress(URI uri) {
            return new InetSocketAddress(proxy.getHost(), Routes.proxyPort(proxy));
        }

        @Override
        public String toString() {
            return "through the proxy " + Routes.display(proxy);
        }
    }
}
