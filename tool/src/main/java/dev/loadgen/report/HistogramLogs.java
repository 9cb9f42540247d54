package dev.loadgen.report;

import dev.loadgen.metrics.Sink;
import dev.loadgen.metrics.Snapshot;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * The results folder's HdrHistogram interval logs, one per metric: {@code latency.hlog} (from the
 * intended start) and {@code service-time.hlog} (from the actual send), one tagged interval histogram
 * per endpoint per interval, and {@code ws-delivery.hlog}, chat message delivery tagged {@code echo} and
 * {@code peer}, and {@code lag.hlog}, the generator's own lag (intended start to send, every request), and
 * {@code connections.hlog}, the connections the requests opened, an endpoint's tag prefixed {@link #CONNECT} or {@link #TLS}; all in microseconds. Any HdrHistogram tool (HistogramLogAnalyzer, hdr-plot) reads them, and
 * every percentile of a summary is computed from them ({@link RunRecord}).
 */
public final class HistogramLogs implements Sink {
    public static final String LATENCY = "latency.hlog";
    public static final String SERVICE_TIME = "service-time.hlog";
    public static final String DELIVERY = "ws-delivery.hlog";
    public static final String LAG = "lag.hlog";
    static final String LAG_WHAT = "generator lag, from a request's intended start to its send, microseconds; tag = lag";
    static final String LATENCY_WHAT = "request latency from the intended start, microseconds";
    static final String SERVICE_TIME_WHAT = "service time from the actual send, microseconds";
    public static final String CONNECTIONS = "connections.hlog";
    static final String CONNECTIONS_WHAT = "new connections' TCP connect and TLS handshake times, microseconds; "
            + "tag = connect/service/METHOD_path or tls/service/METHOD_path, the endpoint of the first request over the connection";
    static final String CONNECT = "connect/";
    static final String TLS = "tls/";

    private final HistogramLogWriter latency;
    private final HistogramLogWriter serviceTime;
    private final HistogramLogWriter delivery;
    private final HistogramLogWriter lag;
    private final HistogramLogWriter connections;
    private final PrintStream connectionsOut;
    private final PrintStream lagOut;
    private final PrintStream latencyOut;
    private final PrintStream serviceOut;
    private final PrintStream deliveryOut;
    private final double startSeconds;

    public HistogramLogs(Path dir, long startEpochMillis) throws IOException {
        latencyOut = open(dir.resolve(LATENCY));
        serviceOut = open(dir.resolve(SERVICE_TIME));
        deliveryOut = open(dir.resolve(DELIVERY));
        lagOut = open(dir.resolve(LAG));
        lag = header(new HistogramLogWriter(lagOut), startEpochMillis, LAG_WHAT);
        connectionsOut = open(dir.resolve(CONNECTIONS));
        connections = header(new HistogramLogWriter(connectionsOut), startEpochMillis, CONNECTIONS_WHAT);
        latency = header(new HistogramLogWriter(latencyOut), startEpochMillis, LATENCY_WHAT);
        serviceTime = header(new HistogramLogWriter(serviceOut), startEpochMillis, SERVICE_TIME_WHAT);
        delivery = header(new HistogramLogWriter(deliveryOut), startEpochMillis, "chat message delivery, microseconds; tag = echo or peer; and reconnect, the time a broken socket took to open again");
        startSeconds = startEpochMillis / 1000.0;
    }

    private static PrintStream open(Path file) throws IOException {
        return new PrintStream(file.toFile(), java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The head of a histogram log whose intervals start from {@code startMillis}. */
    static HistogramLogWriter header(HistogramLogWriter w, long startMillis, String what) {
        w.outputComment("loadgen " + what + (what.contains("tag =") ? "" : "; tag = service/METHOD_path"));
        w.outputLogFormatVersion();
        w.outputStartTime(startMillis);
        w.setBaseTime(startMillis);
        w.outputLegend();
        return w;
    }

    /** The tag of an endpoint: no spaces or commas, which the log format reserves. */
    static String tag(String service, String endpoint) {
        return (service + "/" + endpoint).replaceAll("[\\s,]", "_");
    }

    @Override
    public void interval(Snapshot s) {
        double end = startSeconds + s.elapsedSeconds();
        double begin = end - s.intervalSeconds();
        for (Snapshot.EndpointInterval e : s.endpoints()) {
            String tag = tag(e.endpoint().service(), e.endpoint().name());
            write(latency, e.latency(), tag, begin, end);
            write(serviceTime, e.serviceTime(), tag, begin, end);
            write(connections, e.connections().connect(), CONNECT + tag, begin, end);
            write(connections, e.connections().tls(), TLS + tag, begin, end);
        }
        write(delivery, s.wsEcho(), "echo", begin, end);
        write(delivery, s.wsPeer(), "peer", begin, end);
        if (s.wsReconnect() != null) {
            write(delivery, s.wsReconnect(), "reconnect", begin, end);
        }
        if (s.lag() != null) {
            write(lag, s.lag(), "lag", begin, end);
        }
    }

    private static void write(HistogramLogWriter w, Histogram h, String tag, double begin, double end) {
        if (h.getTotalCount() == 0) {
            return;
        }
        Histogram copy = h.copy();
        copy.setTag(tag);
        copy.setStartTimeStamp((long) (begin * 1000));
        copy.setEndTimeStamp((long) (end * 1000));
        w.outputIntervalHistogram(copy);
    }

    @Override
    public void close() {
        latencyOut.close();
        serviceOut.close();
        deliveryOut.close();
        lagOut.close();
        connectionsOut.close();
    }
}
