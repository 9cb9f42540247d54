package dev.loadgen.protocol;

import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.metrics.Outcome;
import dev.loadgen.metrics.Recorder;
import dev.loadgen.time.Clock;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code redirects: N} (docs/network.md#redirects): one request's redirects, followed in loadgen's own loop rather than
 * Jetty's, so that each hop is a request of its own, recorded under its own endpoint, {@code <the redirected endpoint>
 * (redirect <k>)}, with its own status and time. A hop is sent as a browser sends it (the Fetch standard's "HTTP-redirect
 * fetch"): a 303, and a 301 or 302 to a POST, turn the request into a GET without body; a 307 or 308 keeps the method and
 * the body; a relative {@code Location} is resolved against the URL that answered; the user's connections and cookies go
 * on each hop; the scenario's {@code Authorization} and {@code Cookie} headers stay behind when the hop leaves the origin.
 * A hop to a host the allow-list refuses is not sent, and one more than N is not either: the response that asked for it is
 * then an {@code http_error} saying why. Checks and captures judge the last response only.
 *
 * <p>One instance follows one request's chain (it counts the hops), on the user's thread; {@link #OFF} follows none.
 */
final class Redirects {
    /** Follows no redirect: every response is the last. */
    static final Redirects OFF = new Redirects(0, null, null, null);

    private static final Set<Integer> FOLLOWED = Set.of(301, 302, 303, 307, 308);
    /** Request headers that describe a body, dropped with it when a hop turns into a GET. */
    private static final Set<String> BODY_HEADERS = Set.of("content-type", "content-encoding", "content-language", "content-location",
            "content-length");
    /** Request headers that stay with the origin they were written for. */
    private static final Set<String> ORIGIN_HEADERS = Set.of("authorization", "cookie");

    /** Sends one request of the chain and records it, asking {@link #verdict} what its response is. */
    @FunctionalInterface
    interface Exchange {
        HttpReply send(HttpCall call, Redirects chain) throws InterruptedException;
    }

    /**
     * What a response is to its chain: the last one ({@link #LAST}, judged as any), a hop to {@code next}, or a redirect not
     * followed, an error whose text says why.
     */
    record Verdict(Optional<URI> next, Outcome outcome, Optional<String> errorText) {
        static final Verdict LAST = new Verdict(Optional.empty(), Outcome.OK, Optional.empty());

        static Verdict follow(URI next) {
            return new Verdict(Optional.of(next), Outcome.OK, Optional.empty());
        }

        static Verdict refuse(String text) {
            return new Verdict(Optional.empty(), Outcome.HTTP_ERROR, Optional.of(text));
        }

        boolean last() {
            return this == LAST;
        }
    }

    private final int max;
    private final HostPolicy hosts;
    private final Recorder meters;
    private final Clock clock;
    private int hops;
    private Verdict latest = Verdict.LAST;

    /**
     * @param max    hops to follow at most
     * @param hosts  the allow-list each hop must pass
     * @param meters gives each hop's endpoint its meter
     * @param clock  a hop's intended start is when it is sent: right after the response that asked for it
     */
    Redirects(int max, HostPolicy hosts, Recorder meters, Clock clock) {
        this.max = max;
        this.hosts = hosts;
        this.meters = meters;
        this.clock = clock;
    }

    /** Sends {@code call}, then each hop its responses ask for, and gives back the last response. */
    HttpReply follow(HttpCall call, Exchange exchange) throws InterruptedException {
        HttpReply reply = exchange.send(call, this);
        HttpCall current = call;
        while (latest.next().isPresent()) {
            hops++;
            current = hop(call, current, reply.status(), latest.next().get());
            latest = Verdict.LAST;
            reply = exchange.send(current, this);
        }
        return reply;
    }

    /** What a response with this status and these headers, to a request sent to {@code from}, is to the chain. */
    Verdict verdict(URI from, int status, Headers headers) {
        if (max == 0 || !FOLLOWED.contains(status)) {
            return Verdict.LAST;
        }
        Optional<String> location = headers.first("Location");
        if (location.isEmpty()) {
            // a redirect without a Location is shown as it is, by a browser too
            return Verdict.LAST;
        }
        Optional<URI> to = resolve(from, location.get());
        if (to.isEmpty()) {
            latest = Verdict.refuse("HTTP " + status + ": a redirect to a Location that is not an http(s) URL: " + location.get());
        } else if (hops >= max) {
            latest = Verdict.refuse("redirected more than " + max + " time" + (max == 1 ? "" : "s") + "; last Location " + to.get()
                    + " (redirects: " + max + ")");
        } else if (!hosts.allows(to.get())) {
            latest = Verdict.refuse("redirect not followed: " + HostPolicy.refusal(to.get()));
        } else {
            latest = Verdict.follow(to.get());
        }
        return latest;
    }

    /**
     * {@code location} resolved against the URL that answered (RFC 3986 §5), when it is an http(s) URL. What a URL may not
     * hold (spaces, non-ASCII letters) is percent-encoded first, as browsers do with such a Location; a fragment is the
     * browser's and is dropped. {@link URI#resolve} follows the older RFC 2396, which differs for a reference that is only a
     * query and for a base without a path: those two are done by hand.
     */
    static Optional<URI> resolve(URI from, String location) {
        String ref = location.trim();
        int hash = ref.indexOf('#');
        ref = escape(hash >= 0 ? ref.substring(0, hash) : ref);
        try {
            URI base = from.getRawPath() == null || from.getRawPath().isEmpty()
                    ? new URI(from.getScheme() + "://" + from.getRawAuthority() + "/" + (from.getRawQuery() == null ? "" : "?" + from.getRawQuery()))
                    : from;
            URI to = ref.startsWith("?")
                    ? new URI(base.getScheme() + "://" + base.getRawAuthority() + base.getRawPath() + ref)
                    : base.resolve(new URI(ref));
            String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || to.getHost() == null) {
                return Optional.empty();
            }
            return Optional.of(to);
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Percent-encodes, as UTF-8, what no URL holds as it is: controls, spaces, non-ASCII and {@code "<>\^`{|}}. */
    private static String escape(String ref) {
        StringBuilder b = null;
        for (int i = 0; i < ref.length(); i++) {
            char c = ref.charAt(i);
            boolean plain = c > 0x20 && c < 0x7f && "\"<>\\^`{|}".indexOf(c) < 0;
            if (plain && b == null) {
                continue;
            }
            if (b == null) {
                b = new StringBuilder(ref.length() + 16).append(ref, 0, i);
            }
            if (plain) {
                b.append(c);
                continue;
            }
            int end = Character.isHighSurrogate(c) && i + 1 < ref.length() ? i + 2 : i + 1;
            for (byte x : ref.substring(i, end).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                b.append('%').append(Character.toUpperCase(Character.forDigit((x >> 4) & 15, 16)))
                        .append(Character.toUpperCase(Character.forDigit(x & 15, 16)));
            }
            i = end - 1;
        }
        return b == null ? ref : b.toString();
    }

    /** The request a redirect asks for: the next hop of {@code first}'s chain, after {@code previous} was answered with {@code status}. */
    private HttpCall hop(HttpCall first, HttpCall previous, int status, URI to) {
        String method = previous.method();
        boolean toGet = status == 303 ? !(method.equals("GET") || method.equals("HEAD"))
                : (status == 301 || status == 302) && method.equals("POST");
        boolean sameOrigin = Networks.origin(previous.uri()).equals(Networks.origin(to));
        String newMethod = toGet ? "GET" : method;
        String[] headers = keep(previous.headers(), toGet, sameOrigin);
        EndpointMeter m = meters.endpoint(first.endpoint().service(), first.endpoint().name() + " (redirect " + hops + ")", newMethod);
        return new HttpCall(m, newMethod, to, headers, toGet ? HttpCall.NO_BODY : previous.body(), first.expect(), clock.nanoTime(),
                WireFault.NONE, previous.contentType(), first.session(), first.judge());
    }

    /** The request headers that go on to the next hop. */
    private static String[] keep(String[] headers, boolean bodyDropped, boolean sameOrigin) {
        if (headers.length == 0 || !bodyDropped && sameOrigin) {
            return headers;
        }
        java.util.List<String> kept = new java.util.ArrayList<>(headers.length);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            String name = headers[i].toLowerCase(Locale.ROOT);
            if (bodyDropped && BODY_HEADERS.contains(name) || !sameOrigin && ORIGIN_HEADERS.contains(name)) {
                continue;
            }
            kept.add(headers[i]);
            kept.add(headers[i + 1]);
        }
        return kept.toArray(String[]::new);
    }
}
