package dev.loadgen.behavior;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgen.config.ConfigException;
import dev.loadgen.config.ScenarioSpec;
import dev.loadgen.config.ScenarioSpec.Text;
import dev.loadgen.config.Segment;
import dev.loadgen.config.Suggest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The scenario's data files: CSV with a header row, or a JSON array of objects. A file is never read whole
 * into memory: it is scanned once for where each row starts (8 bytes a row; a JSON row's end too, 16), and a row is read from disk
 * when a user draws it. Rows are drawn per user or per session: {@code unique} gives each row to one user
 * (or session) only, and the instances of a segmented run disjoint shares; {@code circular} goes round;
 * {@code random} draws from the user's own generator.
 */
final class Feeders {
    private static final ObjectMapper JSON = JsonPaths.mapper();

    private Feeders() {}

    /** One data file, opened. */
    static final class Feeder implements AutoCloseable {
        private final String name;
        private final int index;
        private final ScenarioSpec.Order order;
        private final boolean perSession;
        private final Rows rows;
        private final Segment segment;
        private final AtomicLong sessions = new AtomicLong();

        Feeder(String name, int index, ScenarioSpec.Order order, boolean perSession, Rows rows, Segment segment) {
            this.name = name;
            this.index = index;
            this.order = order;
            this.perSession = perSession;
            this.rows = rows;
            this.segment = segment;
        }

        String name() {
            return name;
        }

        int index() {
            return index;
        }

        boolean perSession() {
            return perSession;
        }

        List<String> columns() {
            return rows.columns();
        }

        int size() {
            return rows.size();
        }

        int column(String field, Text where) {
            int c = rows.columns().indexOf(field);
            if (c < 0) {
                String hint = Suggest.nearest(field, rows.columns()).map(s -> " (did you mean '" + s + "'?)")
                        .orElse("; its columns: " + String.join(", ", rows.columns()));
                throw new ConfigException(where.origin(), "data '" + name + "' has no column '" + field + "'" + hint);
            }
            return c;
        }

        @Override
        public void close() {
            rows.close();
        }

        /**
         * A user's row, per user: user k (global, from 1) takes row k-1, so the instances of a segmented run,
         * which run disjoint users, take disjoint rows. The accounts of a pool (users -1, -2... of each
         * instance) take rows as sessions do: instance i of n takes rows i, i+n, i+2n...
         */
        private long userRow(UserState user) {
            long k = user.number();
            return k > 0 ? k - 1 : segment.index() + (long) segment.count() * (-k - 1);
        }

        /** The row for this user (or its current session); null when a unique file has none left. */
        Object[] draw(UserState user) {
            long n = rows.size();
            if (n == 0) {
                return null;
            }
            long i = switch (order) {
                case RANDOM -> user.rng().nextLong(n);
                case CIRCULAR -> (perSession ? sessions.getAndIncrement() : userRow(user)) % n;
                case UNIQUE -> perSession ? segment.index() + (long) segment.count() * sessions.getAndIncrement() : userRow(user);
            };
            return i < n ? rows.row((int) i) : null;
        }
    }

    static Feeder open(ScenarioSpec.DataSpec spec, int index, Segment segment) {
        Path file = dev.loadgen.config.Scenarios.relative(spec.file().value(), spec.file().origin());
        if (!Files.isReadable(file)) {
            throw new ConfigException(spec.file().origin(), "data '" + spec.name() + "': file " + file
                    + (Files.exists(file) ? " cannot be read" : " does not exist") + "; check the path (relative to the file it is written in)");
        }
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            Rows rows = lower.endsWith(".json") ? JsonRows.scan(file) : CsvRows.scan(file);
            if (rows.size() == 0) {
                rows.close();
                throw new ConfigException(spec.file().origin(), "data '" + spec.name() + "': " + file + " has no rows; give it rows "
                        + (lower.endsWith(".json") ? "(a JSON array of objects)" : "under its header row"));
            }
            return new Feeder(spec.name(), index, spec.order(), spec.perSession(), rows, segment);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ConfigException c) {
                throw c;
            }
            throw new ConfigException(spec.file().origin(), "data '" + spec.name() + "': " + file + " cannot be read as "
                    + (lower.endsWith(".json") ? "a JSON array of objects" : "CSV with a header row") + " (" + e.getMessage() + ")");
        }
    }

    /** A data file's rows, each read from disk on demand; a row's values in column order (null: absent). */
    interface Rows extends AutoCloseable {
        List<String> columns();

        int size();

        Object[] row(int i);

        FileChannel channel();

        @Override
        default void close() {
            try {
                if (channel() != null) {
                    channel().close();
                }
            } catch (IOException e) {
                // read-only: nothing to save
            }
        }
    }

    /** Where each record starts, as the file is scanned once; growing as needed. */
    private static final class Offsets {
        long[] at = new long[1024];
        int size;

        void add(long offset) {
            if (size == at.length) {
                at = Arrays.copyOf(at, size * 2);
            }
            at[size++] = offset;
        }
    }

    private static byte[] read(FileChannel channel, long from, long to) {
        ByteBuffer b = ByteBuffer.allocate((int) (to - from));
        try {
            while (b.hasRemaining()) {
                if (channel.read(b, from + b.position()) < 0) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.array();
    }

    /**
     * CSV: records end at a line break outside quotes (RFC 4180), so a quoted value may hold line breaks; each
     * record is parsed by Commons CSV when drawn.
     */
    private record CsvRows(List<String> columns, FileChannel channel, long[] starts, long end) implements Rows {
        static CsvRows scan(Path file) throws IOException {
            Offsets offsets = new Offsets();
            long end = Files.size(file);
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                boolean quoted = false;
                boolean lineStart = true;
                long at = 0;
                int c;
                while ((c = in.read()) >= 0) {
                    if (lineStart && c != '\n' && c != '\r') {
                        offsets.add(at);
                        lineStart = false;
                    }
                    if (c == '"') {
                        quoted = !quoted;
                    } else if (c == '\n' && !quoted) {
                        lineStart = true;
                    }
                    at++;
                }
            }
            if (offsets.size == 0) {
                throw new IOException("the file is empty");
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            try {
                List<String> header = List.of(parse(read(channel, offsets.at[0], offsets.size > 1 ? offsets.at[1] : end)));
                if (header.stream().anyMatch(String::isBlank)) {
                    throw new IOException("the header row has an empty column name");
                }
                return new CsvRows(header, channel, Arrays.copyOfRange(offsets.at, 1, offsets.size), end);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }

        private static String[] parse(byte[] record) {
            try (var parser = CSVFormat.DEFAULT.parse(new java.io.StringReader(new String(record, StandardCharsets.UTF_8)))) {
                Iterator<CSVRecord> it = parser.iterator();
                return it.hasNext() ? it.next().values() : new String[0];
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public int size() {
            return starts.length;
        }

        @Override
        public Object[] row(int i) {
            String[] values = parse(read(channel, starts[i], i + 1 < starts.length ? starts[i + 1] : end));
            Object[] out = new Object[columns.size()];
            System.arraycopy(values, 0, out, 0, Math.min(values.length, out.length));
            return out;
        }
    }

    /** A JSON array of objects: where each element starts and ends, found with Jackson's streaming parser. */
    private record JsonRows(List<String> columns, FileChannel channel, long[] starts, long[] ends) implements Rows {
        static JsonRows scan(Path file) throws IOException {
            Offsets starts = new Offsets();
            Offsets ends = new Offsets();
            try (JsonParser p = JSON.getFactory().createParser(file.toFile())) {
                if (p.nextToken() != JsonToken.START_ARRAY) {
                    throw new IOException("the file is not a JSON array");
                }
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    if (t != JsonToken.START_OBJECT) {
                        throw new IOException("element " + starts.size + " is not an object");
                    }
                    starts.add(p.currentTokenLocation().getByteOffset());
                    p.skipChildren();
                    ends.add(p.currentLocation().getByteOffset());
                }
            }
            if (starts.size == 0) {
                return new JsonRows(List.of(), null, new long[0], new long[0]);
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            try {
                List<String> columns = new ArrayList<>();
                JSON.readTree(read(channel, starts.at[0], ends.at[0])).fieldNames().forEachRemaining(columns::add);
                return new JsonRows(columns, channel, Arrays.copyOf(starts.at, starts.size), Arrays.copyOf(ends.at, ends.size));
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }

        @Override
        public int size() {
            return starts.length;
        }

        @Override
        public Object[] row(int i) {
            try {
                JsonNode n = JSON.readTree(read(channel, starts[i], ends[i]));
                Object[] out = new Object[columns.size()];
                for (int c = 0; c < out.length; c++) {
                    out[c] = Scalars.of(n.get(columns.get(c)));
                }
                return out;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
