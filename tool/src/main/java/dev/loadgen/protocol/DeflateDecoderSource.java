package dev.loadgen.protocol;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.content.ContentSourceTransformer;

/**
 * Decodes {@code Content-Encoding: deflate}, which Jetty 12.1 has no decoder for (it has gzip, br and zstd). HTTP's deflate
 * is the zlib format (RFC 9110 §8.4.1.2, RFC 1950), yet some servers send the bare deflate stream (RFC 1951) without zlib's
 * two-byte header, and browsers read both; so do we, by the first two bytes: a zlib header names method 8 and makes a
 * multiple of 31 read as a 16-bit number, which a deflate stream's first bytes almost never do. Decoded chunks are at most
 * {@value #CHUNK} bytes each, so a small body that inflates to gigabytes is handed on a piece at a time, never whole.
 */
final class DeflateDecoderSource extends ContentSourceTransformer {
    static final int CHUNK = 8192;

    private final byte[] head = new byte[2];
    private int headLength;
    private Inflater inflater;
    private boolean finished;

    DeflateDecoderSource(Content.Source wire) {
        super(wire);
    }

    @Override
    protected Content.Chunk transform(Content.Chunk input) {
        ByteBuffer in = input.getByteBuffer();
        try {
            while (inflater == null) {
                if (!in.hasRemaining()) {
                    return input.isLast() ? Content.Chunk.EOF : Content.Chunk.EMPTY;
                }
                head[headLength++] = in.get();
                if (headLength == head.length) {
                    inflater = new Inflater(!isZlib(head[0] & 0xff, head[1] & 0xff));
                    inflater.setInput(head);
                }
            }
            while (!finished) {
                byte[] out = new byte[CHUNK];
                int n = inflater.inflate(out);
                if (n > 0) {
                    return Content.Chunk.from(ByteBuffer.wrap(out, 0, n), false);
                }
                if (inflater.finished()) {
                    finished = true;
                } else if (inflater.needsDictionary()) {
                    throw new ZipException("the deflate stream asks for a preset dictionary, which HTTP has no way to name");
                } else if (inflater.needsInput()) {
                    if (!in.hasRemaining()) {
                        return input.isLast() ? Content.Chunk.EOF : Content.Chunk.EMPTY;
                    }
                    inflater.setInput(in);
                }
            }
            // zlib's checksum, and anything after the stream, is not body; the wire says when the body ends
            in.position(in.limit());
            return input.isLast() ? Content.Chunk.EOF : Content.Chunk.EMPTY;
        } catch (DataFormatException | ZipException e) {
            return Content.Chunk.from(new ZipException("invalid deflate data: " + e.getMessage()), true);
        }
    }

    /** RFC 1950's header: compression method 8 with a window of at most 32 KB, and a check making the pair a multiple of 31. */
    static boolean isZlib(int cmf, int flg) {
        return (cmf & 0x0f) == 8 && (cmf >> 4) <= 7 && ((cmf << 8) | flg) % 31 == 0;
    }

    @Override
    protected void release() {
        if (inflater != null) {
            inflater.end();
        }
    }
}
