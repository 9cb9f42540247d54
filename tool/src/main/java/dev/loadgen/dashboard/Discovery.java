package dev.loadgen.dashboard;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Where a control point's instances are: a list of dashboard addresses, or every address of one DNS name. */
public sealed interface Discovery {
    /** The instances' dashboard addresses now ({@code http://host:port/}); a lookup may fail for a while. */
    Lookup lookup();

    /** What a lookup found, and why it found nothing when it did. */
    record Lookup(List<URI> instances, String problem) {}

    /** Looks a name up into all its addresses; {@link InetAddress#getAllByName} outside tests. */
    interface Resolver {
        InetAddress[] all(String name) throws UnknownHostException;
    }

    /** A fixed list. */
    record Fixed(List<URI> instances) implements Discovery {
        public Fixed {
            instances = List.copyOf(instances);
        }

        @Override
        public Lookup lookup() {
            return new Lookup(instances, "");
        }
    }

    /**
     * Every A and AAAA record of {@code name}, each an instance on {@code port}: a Kubernetes headless Service
     * answers with one address per ready pod. Looked up again every few seconds ({@link ControlPoint}), so pods
     * that start late are found.
     */
    record Dns(String name, int port, Resolver resolver) implements Discovery {
        @Override
        public Lookup lookup() {
            try {
                List<URI> found = Arrays.stream(resolver.all(name))
                        .sorted(Comparator.comparing((InetAddress a) -> a instanceof Inet6Address).thenComparing(InetAddress::getHostAddress))
                        .map(a -> url(a, port)).distinct().toList();
                return new Lookup(found, found.isEmpty() ? name + " has no address yet" : "");
            } catch (UnknownHostException e) {
                return new Lookup(List.of(), "no address for " + name + " (yet): " + (e.getMessage() == null ? "unknown host" : e.getMessage()));
            }
        }

        private static URI url(InetAddress a, int port) {
            String host = a.getHostAddress();
            if (a instanceof Inet6Address) {
                // a link-local address's zone (%eth0) has no place in a URL's host
                int zone = host.indexOf('%');
                host = "[" + (zone < 0 ? host : host.substring(0, zone)) + "]";
            }
            return URI.create("http://" + host + ":" + port + "/");
        }
    }

    /** {@code NAME:PORT}, as {@code --instances-dns} takes it, looked up with the system's resolver. */
    static Dns dns(String text) {
        return dns(text, InetAddress::getAllByName);
    }

    static Dns dns(String text, Resolver resolver) {
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        String name = colon < 0 ? "" : t.substring(0, colon);
        String port = colon < 0 ? "" : t.substring(colon + 1);
        if (name.isEmpty() || !port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65_535
                || !name.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
            throw new IllegalArgumentException("'" + text + "' is not NAME:PORT; give the headless Service's name and the dashboard port, "
                    + "like loadgen-dashboard.loadtest.svc.cluster.local:8089");
        }
        return new Dns(name.toLowerCase(Locale.ROOT), Integer.parseInt(port), resolver);
    }

    /**
     * An instance's dashboard address as given to {@code --instances}: http or https, a host, maybe a port, no path.
     * Returned as {@code scheme://host:port/}.
     */
    static URI instance(String text) {
        String t = text.trim();
        String fix = "; give each instance's dashboard address, like http://10.0.0.5:8089";
        URI u;
        try {
            u = new URI(t.contains("://") ? t : "http://" + t);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL" + fix);
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("'" + text + "' is not an http:// or https:// URL" + fix);
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has no host name or port that loadgen can read" + fix);
        }
        if (u.getRawUserInfo() != null) {
            // said without them: a password has no place on the console
            throw new IllegalArgumentException("the address of " + u.getHost() + " carries a user or password; leave them out and give the "
                    + "token with --token or LOADGEN_DASHBOARD_TOKEN" + fix);
        }
        if ((u.getRawPath() != null && !u.getRawPath().isEmpty() && !u.getRawPath().equals("/")) || u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new IllegalArgumentException("'" + text + "' has a path; the control point finds /events and /api/ itself" + fix);
        }
        int port = u.getPort() > 0 ? u.getPort() : scheme.equals("https") ? 443 : 80;
        return URI.create(scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port + "/");
    }
}
