package dev.loadgen.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads the network settings ({@link NetworkConfig}) of {@code target}, or of one target written as a map, over a parent's. */
final class NetworkBinder {
    private NetworkBinder() {
    }

    static NetworkConfig read(MapReader m, NetworkConfig parent) {
        TlsConfig tls = TlsBinder.read(m.map("tls"), parent.tls());
        NetworkConfig.Http http = m.scalar("http").map(s -> NetworkConfig.Http.of(s.text()).orElseThrow(() -> new ConfigException(s.origin(),
                m.key("http") + ": '" + s.text() + "' is not an HTTP version; write 1.1, 2 or auto"))).orElse(parent.http());
        NetworkConfig.Proxy proxy = proxy(m, parent.proxy());
        boolean compression = m.bool("compression", parent.compression());
        int redirects = m.scalar("redirects").map(s -> switch (s.text().trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> NetworkConfig.DEFAULT_REDIRECTS;
            case "false", "no", "off" -> 0;
            default -> MapReader.toInt(s, m.key("redirects") + " (true, false, or how many hops to follow)", 0, 50);
        }).orElse(parent.redirects());
        return new NetworkConfig(tls, http, proxy, compression, redirects);
    }

    /** As written: the environment's proxies are read later, once for every setting ({@link ProxyEnvironment}). */
    private static NetworkConfig.Proxy proxy(MapReader m, NetworkConfig.Proxy parent) {
        List<String> noProxy = m.node("no-proxy").isPresent() ? hostList(m, "no-proxy") : parent.noProxy();
        Optional<ConfigNode.Scalar> p = m.scalar("proxy");
        if (p.isEmpty()) {
            return new NetworkConfig.Proxy(parent.mode(), parent.https(), parent.http(), noProxy);
        }
        String text = p.get().text().trim();
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "none", "direct", "false", "off" -> new NetworkConfig.Proxy(NetworkConfig.Proxy.Mode.NONE, Optional.empty(), Optional.empty(), noProxy);
            case "env" -> new NetworkConfig.Proxy(NetworkConfig.Proxy.Mode.ENV, Optional.empty(), Optional.empty(), noProxy);
            default -> NetworkConfig.Proxy.of(proxyUrl(text, p.get().origin(), m.key("proxy")), noProxy);
        };
    }

    /** A proxy's URL, {@code http://[user:password@]host:port}; the scheme may be left out, as curl allows. */
    static URI proxyUrl(String text, Origin origin, String key) {
        String t = text.contains("://") ? text : "http://" + text;
        String what = key.isEmpty() ? "" : key + ": ";
        URI uri;
        try {
            uri = URI.create(t);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(origin, what + "not a proxy URL; write it like http://proxy.example.com:3128, or none");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new ConfigException(origin, what + "not an http(s) proxy URL; write it like http://proxy.example.com:3128, or none");
        }
        return uri;
    }

    private static List<String> hostList(MapReader m, String k) {
        List<String> out = new ArrayList<>();
        ConfigNode n = m.node(k).orElseThrow();
        List<ConfigNode> items = n instanceof ConfigNode.Scalar s ? splitComma(s) : m.list(k);
        for (ConfigNode item : items) {
            if (!(item instanceof ConfigNode.Scalar s) || s.text().isBlank()) {
                throw new ConfigException(item.origin(), m.key(k) + " must be a list of host names (or one comma-separated line)");
            }
            out.add(s.text().trim().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static List<ConfigNode> splitComma(ConfigNode.Scalar s) {
        List<ConfigNode> out = new ArrayList<>();
        for (String part : s.text().split(",")) {
            if (!part.isBlank()) {
                out.add(new ConfigNode.Scalar(part.trim(), false, s.origin()));
            }
        }
        return out;
    }

    /**
     * {@code target.hosts}: host name → address, as curl's {@code --resolve}: connections to the name go to the address,
     * while the Host header, SNI and certificate checks keep the name.
     */
    static Map<String, String> hosts(MapReader t) {
        Map<String, String> out = new LinkedHashMap<>();
        MapReader h = t.map("hosts");
        for (Map.Entry<String, ConfigNode> e : h.entries().entrySet()) {
            String name = e.getKey().trim().toLowerCase(Locale.ROOT);
            if (!name.matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) {
                throw new ConfigException(h.keyOrigin(e.getKey()), h.key(e.getKey()) + ": '" + e.getKey()
                        + "' is not a host name; write hosts: {api.example.com: 127.0.0.1}");
            }
            if (!(e.getValue() instanceof ConfigNode.Scalar s) || s.isNull() || !isAddress(s.text().trim())) {
                throw new ConfigException(e.getValue().origin(), h.key(e.getKey())
                        + " must be an IP address (like 127.0.0.1 or ::1) for the name to resolve to; write hosts: {" + name + ": 127.0.0.1}");
            }
            out.put(name, strip(s.text().trim()));
        }
        return out;
    }

    /**
     * The allow-list judges an override's address as well as its name (DESIGN.md §9): aiming a name at an address that is
     * neither loopback nor a host loadgen may send to ({@code allowed}: the targets' hosts and {@code target.allowed-hosts})
     * is refused, since the run would load that address under a name that was allowed.
     */
    static void checkHosts(MapReader t, Map<String, String> overrides, Set<String> allowed) {
        if (overrides.isEmpty()) {
            return;
        }
        MapReader h = t.map("hosts");
        for (Map.Entry<String, ConfigNode> e : h.entries().entrySet()) {
            String name = e.getKey().trim().toLowerCase(Locale.ROOT);
            String address = overrides.get(name);
            if (address != null && !isLoopback(address) && !allowed.contains(address.toLowerCase(Locale.ROOT))) {
                throw new ConfigException(e.getValue().origin(), h.key(e.getKey()) + ": " + address + " is neither loopback nor an allowed host; "
                        + "if the address is yours, add it to target.allowed-hosts: [" + (address.contains(":") ? "'" + address + "'" : address) + "]");
            }
        }
    }

    /** The hosts loadgen may send to: those listed, and the targets'. */
    static Set<String> hostsOf(Set<String> listed, java.util.Collection<URI> targets) {
        Set<String> out = new java.util.HashSet<>();
        listed.forEach(h -> out.add(strip(h)));
        targets.forEach(u -> out.add(strip(u.getHost().toLowerCase(Locale.ROOT))));
        return out;
    }

    private static boolean isLoopback(String address) {
        try {
            return java.net.InetAddress.getByName(address).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static String strip(String a) {
        return a.startsWith("[") && a.endsWith("]") ? a.substring(1, a.length() - 1) : a;
    }

    static boolean isAddress(String text) {
        String a = strip(text);
        if (a.matches("(\\d{1,3})(\\.\\d{1,3}){3}")) {
            for (String part : a.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return false;
                }
            }
            return true;
        }
        return a.contains(":") && a.matches("[0-9a-fA-F:.]+");
    }
}
