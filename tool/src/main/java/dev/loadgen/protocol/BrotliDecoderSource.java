package dev.loadgen.protocol;

import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.content.ContentSourceTransformer;

/**
 * Decodes {@code Content-Encoding: br} with brotli4j's decoder (Google's brotli, native). Its state machine is driven as its
 * wrapper says: give it input when it needs more, take output when it has some, nudge it on when it says {@code OK}. Output is
 * taken {@value #CHUNK} bytes at a time and copied out of the native buffer, so a small body that decodes to gigabytes is
 * handed on a piece at a time; the decoder's own memory is bounded by the stream's window (16 MiB at most).
 */
final class BrotliDecoderSource extends ContentSourceTransformer {
    static final int CHUNK = 8192;

    private final DecoderJNI.Wrapper decoder;
    private boolean destroyed;

    BrotliDecoderSource(Content.Source wire) {
        super(wire);
        try {
            decoder = new DecoderJNI.Wrapper(CHUNK);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a brotli decoder: " + e.getMessage(), e);
        }
    }

    @Override
    protected Content.Chunk transform(Content.Chunk input) {
        ByteBuffer in = input.getByteBuffer();
        while (true) {
            switch (decoder.getStatus()) {
                case NEEDS_MORE_OUTPUT -> {
                    return output();
                }
                case OK -> decoder.push(0);
                case NEEDS_MORE_INPUT -> {
                    if (decoder.hasOutput()) {
                        return output();
                    }
                    if (!in.hasRemaining()) {
                        return input.isLast() ? Content.Chunk.EOF : Content.Chunk.EMPTY;
                    }
                    ByteBuffer buffer = decoder.getInputBuffer();
                    buffer.clear();
                    int n = Math.min(buffer.remaining(), in.remaining());
                    buffer.put(in.slice(in.position(), n));
                    in.position(in.position() + n);
                    decoder.push(n);
                }
                case DONE -> {
                    if (decoder.hasOutput()) {
                        return output();
                    }
                    // anything after the stream is not body; the wire says when the body ends
                    in.position(in.limit());
                    return input.isLast() ? Content.Chunk.EOF : Content.Chunk.EMPTY;
                }
                default -> {
                    return Content.Chunk.from(new IOException("invalid brotli data"), true);
                }
            }
        }
    }

    private Content.Chunk output() {
        ByteBuffer pulled = decoder.pull(CHUNK);
        byte[] copy = new byte[pulled.remaining()];
        pulled.get(copy);
        return Content.Chunk.from(ByteBuffer.wrap(copy), false);
    }

    @Override
    protected void release() {
        if (!destroyed) {
            destroyed = true;
            decoder.destroy();
        }
    }
}
