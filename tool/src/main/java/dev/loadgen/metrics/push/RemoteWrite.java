package dev.loadgen.metrics.push;

import dev.loadgen.config.PushConfig;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prometheus remote write 1.0: each push is one POST of a Snappy-compressed {@code WriteRequest}. A failed
 * push is not retried, as the protocol would have it for a 5xx: the next push carries the counters' new
 * totals anyway, and a retry arriving after it would be out of order.
 */
public final class RemoteWrite implements Receiver {
    private final URI url;
    private final Map<String, String> labels;
    private final Map<String, String> headers;
    private final HttpClient client;

    /**
     * @param defaults labels that identify the run ({@code job}, {@code instance}), for those the config does not set
     */
    public RemoteWrite(PushConfig.RemoteWrite config, Map<String, String> defaults, String userAgent) {
        Map<String, String> l = new LinkedHashMap<>(defaults);
        l.putAll(config.labels());
        this.labels = Map.copyOf(l);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("User-Agent", userAgent);
        if (config.url().getRawUserInfo() != null) {
            // HttpClient ignores a URL's user info: send it as Basic credentials, as Prometheus' basic_auth does
            String user = URLDecoder.decode(config.url().getRawUserInfo(), StandardCharsets.UTF_8);
            h.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8)));
        }
        h.putAll(config.headers());
        this.headers = Map.copyOf(h);
        this.url = withoutUserInfo(config.url());
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    Map<String, String> labels() {
        return labels;
    }

    @Override
    public void push(MetricSnapshots snapshot, long epochMillis, Duration timeout) throws PushFailure {
        byte[] body = Snappy.compress(WriteRequests.encode(snapshot, labels, epochMillis));
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Encoding", "snappy")
                .header("Content-Type", "application/x-protobuf")
                .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new PushFailure("no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            throw new PushFailure(reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PushFailure("interrupted");
        }
        if (response.statusCode() / 100 != 2) {
            String text = response.body().strip().replaceAll("\\s+", " ");
            throw new PushFailure("HTTP " + response.statusCode() + (text.isEmpty() ? "" : ": " + (text.length() > 200 ? text.substring(0, 200) + "..." : text)));
        }
    }

    @Override
    public String describe() {
        return "remote write to " + url;
    }

    @Override
    public String label() {
        return "remote_write";
    }

    @Override
    public void close() {
        client.shutdownNow();
    }

    /** The JDK's connection errors often have no message; their type then says it (ConnectException, not its cause's). */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }

    private static URI withoutUserInfo(URI u) {
        if (u.getRawUserInfo() == null) {
            return u;
        }
        try {
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), u.getQuery(), u.getFragment());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot drop the user info of " + u, e);
        }
    }
}
