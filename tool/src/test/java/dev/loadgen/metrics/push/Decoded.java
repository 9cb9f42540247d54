package dev.loadgen.metrics.push;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.xerial.snappy.Snappy;

/**
 * A remote-write request read back with protobuf-java and snappy-java, implementations other than
 * loadgen's, so a test of the encoder does not check the encoder against itself.
 */
record Decoded(List<Series> series, List<Metadata> metadata) {
    record Series(Map<String, String> labels, double value, long timestamp) {
        String name() {
            return labels.get("__name__");
        }

        /** The labels without {@code __name__} and without the ones given. */
        Map<String, String> own(String... without) {
            Map<String, String> m = new TreeMap<>(labels);
            m.remove("__name__");
            for (String w : without) {
                m.remove(w);
            }
            return m;
        }
    }

    record Metadata(int type, String family, String help, String unit) {}

    static Decoded snappy(byte[] compressed) throws IOException {
        return of(Snappy.uncompress(compressed));
    }

    static Decoded of(byte[] request) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(request);
        List<Series> series = new ArrayList<>();
        List<Metadata> metadata = new ArrayList<>();
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> series.add(series(CodedInputStream.newInstance(in.readByteArray())));
                case 3 -> metadata.add(metadata(CodedInputStream.newInstance(in.readByteArray())));
                default -> throw new IOException("unexpected field " + WireFormat.getTagFieldNumber(tag) + " in WriteRequest");
            }
        }
        return new Decoded(series, metadata);
    }

    private static Series series(CodedInputStream in) throws IOException {
        List<String[]> labels = new ArrayList<>();
        double value = Double.NaN;
        long ts = 0;
        int samples = 0;
        for (int tag; (tag = in.readTag()) != 0; ) {
            CodedInputStream m = CodedInputStream.newInstance(in.readByteArray());
            if (WireFormat.getTagFieldNumber(tag) == 1) {
                String[] l = new String[2];
                for (int t; (t = m.readTag()) != 0; ) {
                    l[WireFormat.getTagFieldNumber(t) - 1] = m.readString();
                }
                labels.add(l);
            } else if (WireFormat.getTagFieldNumber(tag) == 2) {
                samples++;
                for (int t; (t = m.readTag()) != 0; ) {
                    if (WireFormat.getTagFieldNumber(t) == 1) {
                        value = m.readDouble();
                    } else {
                        ts = m.readInt64();
                    }
                }
            } else {
                throw new IOException("unexpected field " + WireFormat.getTagFieldNumber(tag) + " in TimeSeries");
            }
        }
        if (samples != 1) {
            throw new IOException(samples + " samples in one series");
        }
        Map<String, String> map = new TreeMap<>();
        String previous = "";
        for (String[] l : labels) {
            if (l[0].compareTo(previous) <= 0) {
                throw new IOException("labels not sorted or repeated: " + l[0] + " after " + previous);
            }
            previous = l[0];
            map.put(l[0], l[1]);
        }
        return new Series(map, value, ts);
    }

    private static Metadata metadata(CodedInputStream in) throws IOException {
        int type = 0;
        String[] s = {"", "", "", "", "", ""};
        for (int tag; (tag = in.readTag()) != 0; ) {
            int f = WireFormat.getTagFieldNumber(tag);
            if (f == 1) {
                type = in.readEnum();
            } else {
                s[f] = in.readString();
            }
        }
        return new Metadata(type, s[2], s[4], s[5]);
    }
}
