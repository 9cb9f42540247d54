package dev.loadgen.protocol;

import dev.loadgen.config.NetworkConfig;
import java.util.Map;
import org.eclipse.jetty.client.HttpClient;

/** Where a client's connections go: a proxy ({@code proxy}, {@code no-proxy}, the environment's) and {@code target.hosts}
 *  (owner: the proxy and name-override work of issue 17; for now direct, names resolved as usual). */
final class Routes {
    private Routes() {
    }

    static void configure(HttpClient client, NetworkConfig.Proxy proxy, Map<String, String> hostOverrides) {
    }
}
