package dev.loadgen.protocol;

import java.io.IOException;

/**
 * The target does not speak HTTP/2 where {@code http: 2} asks for it: over TLS it chose no h2 by ALPN, in clear text it did
 * not answer h2c. Counted as a {@code connect_error}: no connection that speaks the protocol asked for was made.
 */
final class NoHttp2Exception extends IOException {
    NoHttp2Exception(String message) {
        super(message);
    }
}
