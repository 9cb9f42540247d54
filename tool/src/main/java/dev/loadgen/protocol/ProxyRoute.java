package dev.loadgen.protocol;

import dev.loadgen.config.NetworkConfig;
import java.net.URI;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.client.HttpProxy;
import org.eclipse.jetty.client.Origin;

/**
 * Jetty's HTTP proxy (absolute-form requests for http, a CONNECT tunnel for https), for the origins of one kind (secure or
 * plain) that {@link Routes#route} sends through it: not those {@code no-proxy} names, not the names of {@code target.hosts},
 * and never a proxy itself. Jetty opens a tunnel on a connection of the proxy's own origin: were the http proxy to carry
 * the https one's origin, the CONNECT would go out in absolute form, which no proxy understands.
 */
final class ProxyRoute extends HttpProxy {
    private final boolean secureOrigins;
    private final NetworkConfig.Proxy proxy;
    private final Map<String, String> hostOverrides;
    private final Set<Origin.Address> proxies;

    ProxyRoute(URI url, boolean secureOrigins, NetworkConfig.Proxy proxy, Map<String, String> hostOverrides) {
        super(new Origin.Address(url.getHost(), Routes.proxyPort(url)), "https".equalsIgnoreCase(url.getScheme()));
        this.secureOrigins = secureOrigins;
        this.proxy = proxy;
        this.hostOverrides = hostOverrides;
        Set<Origin.Address> all = new HashSet<>();
        for (String scheme : new String[] {"http", "https"}) {
            proxy.forScheme(scheme).ifPresent(u -> all.add(new Origin.Address(u.getHost(), Routes.proxyPort(u))));
        }
        this.proxies = Set.copyOf(all);
    }

    /**
     * A WebSocket's upgrade goes through a CONNECT tunnel, as a browser's does, in clear too: a proxy that forwards requests
     * in absolute form would pass the upgrade on as a plain GET.
     */
    @Override
    public boolean requiresTunnel(Origin serverOrigin) {
        return "ws".equalsIgnoreCase(serverOrigin.getScheme()) || super.requiresTunnel(serverOrigin);
    }

    @Override
    public boolean matches(Origin origin) {
        return origin.isSecure() == secureOrigins && !proxies.contains(origin.getAddress()) && super.matches(origin)
                && Routes.route(proxy, hostOverrides, origin.getScheme(), origin.getAddress().getHost()) instanceof Route.Proxied;
    }
}
