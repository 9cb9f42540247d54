package dev.loadgen.protocol;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * {@code target.hosts} as curl's {@code --resolve}: a name it lists is answered with its address, every other name is looked
 * up as the client would have. Only the connection's address changes: the request, its Host header and the TLS handshake
 * (SNI, the certificate's check) keep the name, which is the destination's.
 */
final class OverrideResolver implements SocketAddressResolver {
    private final Map<String, byte[]> addresses = new HashMap<>();
    private final HttpClient client;
    /** The client's own resolver, made on first use: the client's executor and scheduler are set when it starts. */
    private volatile SocketAddressResolver others;

    OverrideResolver(HttpClient client, Map<String, String> hostOverrides) {
        this.client = client;
        hostOverrides.forEach((name, address) -> {
            try {
                // an address written as one (config.NetworkBinder checked it): no lookup happens
                addresses.put(name, InetAddress.getByName(address).getAddress());
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("target.hosts." + name + ": " + address + " is not an IP address", e);
            }
        });
    }

    @Override
    public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
        byte[] address = addresses.get(HostPolicy.normalize(host));
        if (address != null) {
            try {
                // the address keeps the name: Jetty takes the TLS peer host (SNI, the certificate's check) from it
                promise.succeeded(List.of(new InetSocketAddress(InetAddress.getByAddress(host, address), port)));
            } catch (UnknownHostException e) {
                promise.failed(e);
            }
            return;
        }
        SocketAddressResolver r = others;
        if (r == null) {
            r = new SocketAddressResolver.Async(client.getExecutor(), client.getScheduler(), client.getAddressResolutionTimeout());
            others = r;
        }
        r.resolve(host, port, context, promise);
    }
}
