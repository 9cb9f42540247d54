package dev.loadgen.cli;

import dev.loadgen.config.Redaction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The console's last stop: every line loadgen prints, to stdout or stderr, goes through {@link Redaction#text}, so a
 * password in a URL's user info, a token in a query or an {@code Authorization} header never reaches a terminal or a
 * CI log, whichever message carried it (DESIGN.md §9). A line is held until its end ({@code \n} or {@code \r}, or an
 * explicit flush), since a secret split over two writes would otherwise pass.
 */
final class RedactingOutput extends OutputStream {
    private final OutputStream out;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

    private RedactingOutput(OutputStream out) {
        this.out = out;
    }

    /**
     * A print stream that redacts each line before {@code out} sees it. Not auto-flushing, which would flush after
     * every {@code print}: a line reaches {@code out} at its end, and a line without one at an explicit flush.
     */
    static PrintStream wrap(PrintStream out) {
        return new PrintStream(new RedactingOutput(out), false, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n' || b == '\r') {
            emit();
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        int start = off;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n' || b[i] == '\r') {
                line.write(b, start, i + 1 - start);
                emit();
                start = i + 1;
            }
        }
        line.write(b, start, off + len - start);
    }

    @Override
    public synchronized void flush() throws IOException {
        emit();
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        flush();
    }

    private void emit() throws IOException {
        if (line.size() == 0) {
            return;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        out.write(Redaction.text(text).getBytes(StandardCharsets.UTF_8));
    }
}
