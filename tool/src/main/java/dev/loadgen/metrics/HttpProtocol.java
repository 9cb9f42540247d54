package dev.loadgen.metrics;

/**
 * The HTTP version a response came in, named as summary.json names it: {@code HTTP/1.1}, and ALPN's names for HTTP/2 over TLS
 * ({@code h2}) and in clear text ({@code h2c}). Counted per endpoint ({@link EndpointMeter#answeredOver}), so a run says which
 * protocol each target actually spoke, not only which one it was asked to.
 */
public enum HttpProtocol {
    HTTP_1_0("HTTP/1.0"), HTTP_1_1("HTTP/1.1"), H2("h2"), H2C("h2c"), H3("h3");

    public final String label;

    HttpProtocol(String label) {
        this.label = label;
    }
}
