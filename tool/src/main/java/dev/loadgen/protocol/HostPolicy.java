package dev.loadgen.protocol;

import java.net.InetAddress;
import java.net.URI;
import java.util.HashSet;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DESIGN.md §9: loadgen sends only to the hosts named in the target configuration, to those listed in
 * {@code target.allowed-hosts}, or to loopback. A load generator pointed by mistake at someone else's
 * service is an attack, so this is checked before every request. A name that {@code target.hosts} aims at an address
 * is judged by both: the name must be allowed, and so must the address it is sent to. The proxy a request goes
 * through is not judged: the target is.
 */
public final class HostPolicy {
    private final Set<String> allowed;
    private final Map<String, String> hostOverrides;
    /** Verdicts per host as written in URLs, so the check costs one lookup per request. */
    private final Map<String, Boolean> verdicts = new ConcurrentHashMap<>();

    public HostPolicy(Set<String> hosts) {
        this(hosts, Map.of());
    }

    public HostPolicy(Set<String> hosts, Map<String, String> hostOverrides) {
        Set<String> a = new HashSet<>();
        hosts.forEach(h -> a.add(normalize(h)));
        this.allowed = Set.copyOf(a);
        this.hostOverrides = Map.copyOf(hostOverrides);
    }

    public boolean allows(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            return false;
        }
        return verdicts.computeIfAbsent(host, h -> allowedHost(normalize(h))
                && (!hostOverrides.containsKey(normalize(h)) || allowedHost(normalize(hostOverrides.get(normalize(h))))));
    }

    private boolean allowedHost(String h) {
        return allowed.contains(h) || isLoopback(h);
    }

    /** A one-line refusal naming the host and the fix. */
    public static String refusal(URI uri) {
        return "refusing to send to " + uri.getHost() + " (" + uri + "): it is not a configured target or loopback; "
                + "add it to target.allowed-hosts if it is yours";
    }

    static String normalize(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h;
    }

    static boolean isLoopback(String h) {
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+|[0-9a-f:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
