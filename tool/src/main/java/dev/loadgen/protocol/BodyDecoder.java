package dev.loadgen.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CancellationException;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.io.Content;

/**
 * Decodes one response body as its chunks come off the wire. The decoder is one of Jetty's content sources (gzip and br are
 * Jetty's, deflate is {@link DeflateDecoderSource}), which pull compressed chunks from a source and give decoded ones; here
 * each wire chunk is put where the decoder pulls from, and the decoder is read until it wants the next one. So decoding is
 * done on the thread that reads the response, a chunk at a time, and stops when the one it hands the pieces to says so:
 * nothing past that is decoded, which is how a body that would inflate to gigabytes is cut off at the cap.
 */
final class BodyDecoder {
    /** Takes a decoded piece; answers false when it wants no more. */
    @FunctionalInterface
    interface Sink {
        boolean take(ByteBuffer decoded);
    }

    private final String coding;
    private final Feed feed = new Feed();
    private final Content.Source decoded;
    private boolean ended;

    /** {@code decoder} makes the decoding source over the compressed one it is given. */
    BodyDecoder(String coding, UnaryOperator<Content.Source> decoder) {
        this.coding = coding;
        this.decoded = decoder.apply(feed);
    }

    /** The content coding decoded: {@code gzip}, {@code deflate}, {@code br}. */
    String coding() {
        return coding;
    }

    /**
     * Decodes one chunk of the body as it came on the wire, handing each decoded piece to {@code sink} in order.
     *
     * @return false once the sink wants no more (the rest of this chunk is left undecoded) or the encoded stream has ended
     * @throws IOException when the bytes are not of this coding
     */
    boolean decode(ByteBuffer wire, Sink sink) throws IOException {
        if (ended) {
            return false;
        }
        feed.next = Content.Chunk.from(wire, false);
        for (Content.Chunk c = decoded.read(); c != null; c = decoded.read()) {
            try {
                if (Content.Chunk.isFailure(c)) {
                    ended = true;
                    Throwable t = c.getFailure();
                    throw new IOException(t.getMessage() == null ? t.toString() : t.getMessage(), t);
                }
                ended = c.isLast();
                boolean empty = !c.hasRemaining();
                if (!empty && !sink.take(c.getByteBuffer())) {
                    return false;
                }
                if (ended || empty) {
                    // an empty chunk: the decoder has used this one up and wants the next
                    return !ended;
                }
            } finally {
                c.release();
            }
        }
        return true;
    }

    /** Frees the decoder (its inflater, or brotli's native state) when the body is not decoded to its end. */
    void close() {
        feed.next = null;
        decoded.fail(new CancellationException("decoding stopped"));
    }

    /** Where the decoder pulls compressed chunks from: the one chunk being decoded, then nothing until the next comes. */
    private static final class Feed implements Content.Source {
        Content.Chunk next;

        @Override
        public Content.Chunk read() {
            Content.Chunk c = next;
            next = null;
            return c;
        }

        @Override
        public void demand(Runnable demandCallback) {
            // never asked: the decoder is read right after each chunk is put here, never on demand
        }

        @Override
        public void fail(Throwable failure) {
            next = null;
        }
    }
}
