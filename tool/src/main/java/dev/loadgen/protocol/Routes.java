package dev.loadgen.protocol;

import dev.loadgen.config.NetworkConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.client.BasicAuthentication;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Where a client's connections go (docs/network.md, "Proxies" and "Name overrides"): through the proxy of {@code proxy}
 * (written, or the environment's) unless {@code no-proxy} names the host, and to the address {@code target.hosts} gives a
 * name. A name in {@code target.hosts} never goes through a proxy: the proxy would look the name up itself, and the run
 * would load whatever the name is elsewhere instead of the address it was aimed at.
 */
public final class Routes {
    private Routes() {
    }

    static void configure(HttpClient client, NetworkConfig.Proxy proxy, Map<String, String> hostOverrides) {
        for (boolean secure : new boolean[] {true, false}) {
            Optional<URI> url = proxy.forScheme(secure ? "https" : "http");
            if (url.isEmpty()) {
                continue;
            }
            ProxyRoute route = new ProxyRoute(url.get(), secure, proxy, hostOverrides);
            client.getProxyConfiguration().addProxy(route);
            // preemptive, as curl sends them: on each request through the proxy and on each CONNECT, never to the target
            credentials(url.get()).ifPresent(c -> client.getAuthenticationStore().addAuthenticationResult(
                    new BasicAuthentication.BasicResult(route.getURI(), HttpHeader.PROXY_AUTHORIZATION, c.get(0), c.get(1), StandardCharsets.UTF_8)));
        }
        if (!hostOverrides.isEmpty()) {
            client.setSocketAddressResolver(new OverrideResolver(client, hostOverrides));
        }
    }

    /** The route of a request to {@code uri} with these settings. */
    public static Route route(NetworkConfig.Proxy proxy, Map<String, String> hostOverrides, URI uri) {
        return route(proxy, hostOverrides, uri.getScheme(), uri.getHost() == null ? "" : uri.getHost());
    }

    public static Route route(Networks networks, URI uri) {
        return route(networks.of(uri).proxy(), networks.hostOverrides(), uri);
    }

    static Route route(NetworkConfig.Proxy proxy, Map<String, String> hostOverrides, String scheme, String host) {
        String h = HostPolicy.normalize(host);
        String address = hostOverrides.get(h);
        if (address != null) {
            return new Route.Direct(Optional.of(address));
        }
        Optional<URI> url = proxy.forScheme(scheme);
        if (url.isEmpty() || NoProxy.matches(proxy.noProxy(), h)) {
            return new Route.Direct(Optional.empty());
        }
        return new Route.Proxied(url.get());
    }

    /**
     * The line said at start when some targets go through a proxy: which proxy, for which targets, without its
     * credentials; and, as a machine whose environment names a proxy may not mean it for its own loopback, which loopback
     * targets it carries too.
     */
    public static Optional<String> describe(Map<String, URI> targets, Networks networks) {
        Map<String, List<String>> byProxy = new LinkedHashMap<>();
        List<String> loopback = new ArrayList<>();
        targets.forEach((name, uri) -> {
            if (route(networks, uri) instanceof Route.Proxied p) {
                String how = display(p.proxy()) + (networks.of(uri).proxy().mode() == NetworkConfig.Proxy.Mode.ENV ? " (from the environment)" : "");
                byProxy.computeIfAbsent(how, k -> new ArrayList<>()).add(name);
                if (HostPolicy.isLoopback(HostPolicy.normalize(uri.getHost()))) {
                    loopback.add(HostPolicy.normalize(uri.getHost()));
                }
            }
        });
        if (byProxy.isEmpty()) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        byProxy.forEach((proxy, names) -> parts.add(proxy + " for " + String.join(", ", names)));
        return Optional.of("through the proxy " + String.join("; ", parts)
                + (loopback.isEmpty() ? "" : "; loopback too, as curl does (list " + String.join(", ", loopback.stream().distinct().toList())
                + " in target.no-proxy or NO_PROXY to reach it directly)"));
    }

    /** A proxy's URL without its credentials: {@code http://(redacted)@proxy.example.com:3128}. */
    public static String display(URI proxy) {
        String scheme = proxy.getScheme() == null ? "http" : proxy.getScheme().toLowerCase(Locale.ROOT);
        String host = proxy.getHost().contains(":") && !proxy.getHost().startsWith("[") ? "[" + proxy.getHost() + "]" : proxy.getHost();
        return scheme + "://" + (proxy.getRawUserInfo() == null ? "" : dev.loadgen.config.Redaction.REDACTED + "@") + host + ":" + proxyPort(proxy);
    }

    static int port(URI uri) {
        String s = uri.getScheme() == null ? "http" : uri.getScheme().toLowerCase(Locale.ROOT);
        return uri.getPort() > 0 ? uri.getPort() : s.equals("https") || s.equals("wss") ? 443 : 80;
    }

    /** A proxy's port; without one, curl's: 1080 for an http:// proxy, 443 for an https:// one. */
    static int proxyPort(URI proxy) {
        return proxy.getPort() > 0 ? proxy.getPort() : "https".equalsIgnoreCase(proxy.getScheme()) ? 443 : 1080;
    }

    /** The user and password of a proxy's URL, percent-decoded as curl decodes them; a user alone has an empty password. */
    static Optional<List<String>> credentials(URI proxy) {
        String info = proxy.getRawUserInfo();
        if (info == null || info.isEmpty()) {
            return Optional.empty();
        }
        int colon = info.indexOf(':');
        String user = colon < 0 ? info : info.substring(0, colon);
        String password = colon < 0 ? "" : info.substring(colon + 1);
        return Optional.of(List.of(decode(user), decode(password)));
    }

    private static String decode(String s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0 && Character.digit(s.charAt(i + 2), 16) >= 0) {
                out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else {
                int cp = s.codePointAt(i);
                byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i += Character.charCount(cp) - 1;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
