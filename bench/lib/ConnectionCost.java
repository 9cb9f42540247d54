import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * Live heap per open connection of Jetty's HttpClient (bench/connection-cost.sh): N connections each on a
 * destination of its own (a request tag per user, as loadgen's per-user connections), or N unpooled
 * connections of one shared destination. Heap after GC before and after, divided by N.
 */
public class ConnectionCost {
    static long used() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int n = Integer.parseInt(args[1]);
        URI uri = URI.create(args[2]);
        ClientConnector connector = new ClientConnector();
        connector.setSelectors(1);
        HttpClient client = new HttpClient(new HttpClientTransportOverHTTP(connector));
        client.setExecutor(new VirtualThreadPool());
        client.setMaxConnectionsPerDestination(mode.equals("tagged") ? 6 : n + 10);
        client.setMaxRequestsQueuedPerDestination(mode.equals("tagged") ? 16 : 2 * n);
        client.start();
        client.newRequest(uri).send();
        long before = used();
        List<Connection> kept = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (mode.equals("tagged")) {
                client.newRequest(uri).tag(i).send();
            } else {
                Request r = client.newRequest(uri);
                Connection c = client.resolveDestination(r).newConnection().get();
                new CompletableResponseListener(r).send(c).get();
                kept.add(c);
            }
        }
        long after = used();
        System.out.printf("%s: %d connections, %.0f bytes of live heap each%n", mode, n, (after - before) / (double) n);
        System.exit(0);
    }
}
