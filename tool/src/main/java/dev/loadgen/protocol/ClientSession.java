package dev.loadgen.protocol;

import java.net.URI;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.SetCookieParser;

/**
 * What one simulated user's HTTP client keeps, as a browser does: its own connections (a browser does not
 * share its connections with other people), and its own cookies, honoured by domain, path and expiry
 * (RFC 6265, Jetty's store). The cookie store is made on the first cookie received, so a user whose target
 * sets none pays nothing for it. {@link #SHARED} is the pool all users share (for throughput tests),
 * without cookies.
 */
public final class ClientSession {
    public static final ClientSession SHARED = new ClientSession(null);
    private static final SetCookieParser PARSER = SetCookieParser.newInstance();

    /** Requests with the same tag go over the same connections (Jetty makes a destination per tag); null: the shared pool. */
    private final Object tag;
    private volatile HttpCookieStore cookies;

    private ClientSession(Object tag) {
        this.tag = tag;
    }

    /** A user's own session: its connections apart from every other user's. */
    public static ClientSession of(long user) {
        return new ClientSession(user);
    }

    /** Forgets every cookie, as a new browser session does. */
    public void clearCookies() {
        cookies = null;
    }

    void prepare(Request request, URI uri) {
        if (tag != null) {
            request.tag(tag);
        }
        HttpCookieStore c = cookies;
        if (c != null) {
            for (HttpCookie cookie : c.match(uri)) {
                request.cookie(cookie);
            }
        }
    }

    /** Keeps the cookies a response sets; a malformed Set-Cookie is ignored, as a browser ignores it. */
    void received(URI uri, HttpFields headers) {
        if (tag == null || !headers.contains(HttpHeader.SET_COOKIE)) {
            return;
        }
        for (String value : headers.getValuesList(HttpHeader.SET_COOKIE)) {
            HttpCookie cookie = PARSER.parse(value);
            if (cookie != null) {
                HttpCookieStore c = cookies;
                if (c == null) {
                    c = new HttpCookieStore.Default();
                    cookies = c;
                }
                c.add(uri, cookie);
            }
        }
    }
}
