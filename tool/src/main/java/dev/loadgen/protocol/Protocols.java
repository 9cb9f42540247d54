package dev.loadgen.protocol;

import dev.loadgen.config.NetworkConfig;
import org.eclipse.jetty.client.HttpClientTransport;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;

/** The client transport for {@code http: 1.1 | 2 | auto} (owner: the HTTP/2 work of issue 17; for now HTTP/1.1 only). */
final class Protocols {
    private Protocols() {
    }

    static HttpClientTransport transport(ClientConnector connector, NetworkConfig.Http http) {
        return new HttpClientTransportOverHTTP(connector);
    }
}
