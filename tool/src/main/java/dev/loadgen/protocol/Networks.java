package dev.loadgen.protocol;

import dev.loadgen.config.NetworkConfig;
import dev.loadgen.config.TargetConfig;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which {@link NetworkConfig} a request's URL is sent with: that of the target whose base URL has the same scheme, host and
 * port, or the one for all targets; and the host names {@code target.hosts} aims at an address.
 */
public final class Networks {
    private final NetworkConfig all;
    private final Map<String, NetworkConfig> byOrigin;
    private final Map<String, String> hostOverrides;

    public Networks(NetworkConfig all, Map<String, NetworkConfig> byOrigin, Map<String, String> hostOverrides) {
        this.all = all;
        this.byOrigin = Map.copyOf(byOrigin);
        this.hostOverrides = Map.copyOf(hostOverrides);
    }

    /** Every target the default way ({@link NetworkConfig#DEFAULT}), no host names overridden. */
    public static Networks defaults() {
        return new Networks(NetworkConfig.DEFAULT, Map.of(), Map.of());
    }

    public static Networks of(TargetConfig target) {
        Map<String, NetworkConfig> byOrigin = new HashMap<>();
        target.services().forEach((name, uri) -> {
            NetworkConfig own = target.network(name);
            if (!own.equals(target.network())) {
                byOrigin.put(origin(uri), own);
            }
        });
        return new Networks(target.network(), byOrigin, target.hostOverrides());
    }

    /**
     * The same, with {@code urls} reached directly whatever the proxy: the built-in demo app, which loadgen started on
     * loopback itself, where a proxy of the environment could not be meant.
     */
    public Networks direct(java.util.Collection<URI> urls) {
        Map<String, NetworkConfig> m = new HashMap<>(byOrigin);
        for (URI u : urls) {
            if (Routes.route(this, u) instanceof Route.Proxied) {
                m.put(origin(u), of(u).withProxy(NetworkConfig.Proxy.NONE));
            }
        }
        return m.equals(byOrigin) ? this : new Networks(all, m, hostOverrides);
    }

    public NetworkConfig all() {
        return all;
    }

    /** Every distinct setting in use, the one for all first. */
    public java.util.List<NetworkConfig> distinct() {
        java.util.LinkedHashSet<NetworkConfig> out = new java.util.LinkedHashSet<>();
        out.add(all);
        out.addAll(byOrigin.values());
        return java.util.List.copyOf(out);
    }

    public NetworkConfig of(URI uri) {
        return byOrigin.isEmpty() ? all : byOrigin.getOrDefault(origin(uri), all);
    }

    public Map<String, String> hostOverrides() {
        return hostOverrides;
    }

    /** {@code scheme://host:port}, with the scheme's default port when none is written. */
    static String origin(URI uri) {
        String scheme = uri.getScheme() == null ? "http" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean secure = scheme.equals("https") || scheme.equals("wss");
        int port = uri.getPort() > 0 ? uri.getPort() : secure ? 443 : 80;
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return (secure ? "https" : "http") + "://" + host + ":" + port;
    }
}
