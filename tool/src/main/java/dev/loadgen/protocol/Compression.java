package dev.loadgen.protocol;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.compression.gzip.GzipCompression;
import org.eclipse.jetty.http.HttpHeader;

/**
 * {@code compression} (docs/network.md#compression): with it, a client's requests ask for compressed bodies
 * ({@code Accept-Encoding: gzip, deflate, br}, as a browser does) and {@link BodyReader} decodes what comes, a chunk at a
 * time ({@link BodyDecoder}); without it (the default), nothing is asked for and nothing decoded: a body the target
 * compresses anyway is counted and checked as it came.
 *
 * <p>Decoding is loadgen's, not Jetty's client's: Jetty's would hand the reader decoded chunks only, so the bytes on the
 * wire could not be counted apart, nor decoding stopped at {@code target.max-response-body}. Jetty's gzip decoder is used,
 * pushed chunk by chunk; deflate is {@link DeflateDecoderSource} (Jetty has none) and br {@link BrotliDecoderSource}, asked
 * for only where brotli4j's native library loads (the jar carries the one for the platform it was built on).
 */
final class Compression {
    /** Marks a request sent by a client that asked for compression: only its response is decoded. */
    private static final String ASKED = Compression.class.getName() + ".asked";

    private Compression() {
    }

    static void configure(HttpClient client, boolean compression) {
        if (!compression) {
            return;
        }
        String accepted = Codecs.ACCEPT_ENCODING;
        client.getRequestListeners().addBeginListener(request -> {
            request.attribute(ASKED, Boolean.TRUE);
            // a scenario's own Accept-Encoding (identity, say) is sent as written
            if (!request.getHeaders().contains(HttpHeader.ACCEPT_ENCODING)) {
                request.headers(h -> h.put(HttpHeader.ACCEPT_ENCODING, accepted));
            }
        });
    }

    /** What loadgen asks for where compression is on: {@code gzip, deflate, br}, without br where brotli cannot load. */
    static String acceptEncoding() {
        return Codecs.ACCEPT_ENCODING;
    }

    /**
     * The decoder of a response's body: when its request asked for compression and the response names one coding that
     * loadgen decodes. Stacked codings ({@code gzip, br}) and unknown ones are left as they came.
     */
    static Optional<BodyDecoder> decoder(Response response) {
        if (response.getRequest().getAttributes().get(ASKED) == null) {
            return Optional.empty();
        }
        String coding = response.getHeaders().get(HttpHeader.CONTENT_ENCODING);
        return coding == null ? Optional.empty() : decoder(coding);
    }

    /** A decoder of this content coding, if loadgen decodes it. */
    static Optional<BodyDecoder> decoder(String coding) {
        return switch (coding.trim().toLowerCase(Locale.ROOT)) {
            case "gzip", "x-gzip" -> Optional.of(new BodyDecoder("gzip", Codecs.GZIP::newDecoderSource));
            case "deflate" -> Optional.of(new BodyDecoder("deflate", DeflateDecoderSource::new));
            case "br" -> Codecs.BROTLI ? Optional.of(new BodyDecoder("br", BrotliDecoderSource::new)) : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** The codecs, made once, when a client first asks for compression: so brotli's native library loads only then. */
    private static final class Codecs {
        static final GzipCompression GZIP = gzip();
        static final boolean BROTLI = brotli();
        static final String ACCEPT_ENCODING = BROTLI ? "gzip, deflate, br" : "gzip, deflate";

        private static GzipCompression gzip() {
            GzipCompression gzip = new GzipCompression();
            try {
                gzip.start();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the gzip decoder: " + e.getMessage(), e);
            }
            return gzip;
        }

        private static boolean brotli() {
            try {
                return Brotli4jLoader.isAvailable();
            } catch (LinkageError e) {
                // no native library for this platform: br is not asked for, so a target has no reason to send it
                return false;
            }
        }
    }
}
