package dev.loadgen.protocol;

import dev.loadgen.config.Values;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Reads one response as its chunks arrive and keeps no more of its body than someone reads: up to the cap
 * when the call's {@link Judge} reads the body (captures, checks), the first {@value #ERROR_TEXT_BYTES} bytes
 * of a response whose status was not expected (its error text needs no more), nothing otherwise. Every byte is
 * counted, kept or not. A body over the cap is read to its end and dropped: the connection stays usable and the
 * response is timed to its last byte, as a browser's download is; {@link #tooLarge()} says so.
 *
 * <p>A body compressed at loadgen's request ({@link Compression}) is decoded here as it comes, and counted twice: on the
 * wire ({@link #wireBytes()}) and decoded ({@link #received()}). Its decoding stops once it passes the cap, whoever reads
 * it: the rest is only counted on the wire, and {@link #tooLarge()} says so. So what one response holds is bounded by the
 * cap, whatever the target sends: a body of any length, or a small one that would inflate to gigabytes. Jetty calls the
 * listener's methods one after the other; the user's thread reads the fields once {@link #send} has returned, after the
 * future that publishes them.
 */
final class BodyReader implements Response.Listener {
    static final int ERROR_TEXT_BYTES = 4096;
    private static final int FIRST_BUFFER = 8192;

    private final HttpCall call;
    private final int cap;
    /** Keeps the request's total timeout, from its send to its response's last byte. */
    private final RequestTimeouts timeouts;
    private final CompletableFuture<Result> done = new CompletableFuture<>();
    private Request request;
    private long sentNanos;
    /** How much of this response's body is kept: decided when its headers come. */
    private int keep;
    private boolean judged;
    private byte[] kept = HttpCall.NO_BODY;
    private int length;
    private long received;
    private long wire;
    /** The body's decoder while it decodes: none for a body as it came, none again once decoding stopped. */
    private BodyDecoder decoder;
    private boolean decodedPastCap;
    private String undecodable;
    private VirtualMachineError error;

    BodyReader(HttpCall call, int cap, RequestTimeouts timeouts) {
        this.call = call;
        this.cap = cap;
        this.timeouts = timeouts;
    }

    /** Sends the request and waits for the whole response (or the exchange's failure, or its timeout). */
    Result send(Request request) throws InterruptedException {
        sending(request);
        return await();
    }

    /** Sends the request with this listener; its total timeout counts from now. */
    void sending(Request request) {
        this.request = request;
        sentNanos = System.nanoTime();
        timeouts.enter(this);
        request.send(this);
    }

    /** Waits for the whole response of a request {@linkplain #sending sent} with this listener, or its failure. */
    Result await() throws InterruptedException {
        try {
            return done.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a response listener's future never fails", e);
        }
    }

    /** Whether the exchange has ended; an exchange past its total timeout is aborted here, and ends. */
    boolean isDone() {
        if (expiredAt(System.nanoTime())) {
            expire();
            return true;
        }
        return done.isDone();
    }

    /** Whether the request is still going at {@code now}, past its total timeout. */
    boolean expiredAt(long now) {
        long timeout = timeouts.timeoutNanos();
        return timeout > 0 && now - sentNanos >= timeout && !done.isDone();
    }

    /** Aborts the request for its timeout, as Jetty's own total timeout does: the result is a {@link TimeoutException}. */
    void expire() {
        timeouts.leave(this);
        request.abort(new TimeoutException("Total timeout " + TimeUnit.NANOSECONDS.toMillis(timeouts.timeoutNanos()) + " ms elapsed"));
    }

    @Override
    public void onHeaders(Response response) {
        judged = call.isExpected(response.getStatus());
        keep = judged ? (call.judge().readsBody() ? cap : 0) : ERROR_TEXT_BYTES;
        decoder = Compression.decoder(response).orElse(null);
        long declared = response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        if (keep > 0 && declared > 0) {
            try {
                kept = new byte[(int) Math.min(declared, keep)];
            } catch (VirtualMachineError e) {
                failed(e);
            }
        }
    }

    @Override
    public void onContent(Response response, ByteBuffer chunk) {
        wire += chunk.remaining();
        if (decoder == null) {
            if (!decodedPastCap && undecodable == null) {
                take(chunk);
            }
            return;
        }
        try {
            decoder.decode(chunk, this::take);
        } catch (java.io.IOException e) {
            undecodable = decoder.coding() + " body could not be decoded (" + e.getMessage() + ")";
        }
        if (decodedPastCap || undecodable != null) {
            // the rest of the body is only counted as it comes
            decoder.close();
            decoder = null;
        }
    }

    /** Counts a piece of body as the reader sees it (decoded, when it was compressed) and keeps what is to be kept. */
    private boolean take(ByteBuffer piece) {
        int n = piece.remaining();
        received += n;
        if (decoder != null && received > cap) {
            decodedPastCap = true;
        }
        int take = Math.min(n, keep - length);
        if (take <= 0) {
            return !decodedPastCap;
        }
        if (length + take > kept.length) {
            long grown = Math.max(length + take, Math.max(FIRST_BUFFER, 2L * kept.length));
            try {
                kept = Arrays.copyOf(kept, (int) Math.min(keep, grown));
            } catch (VirtualMachineError e) {
                failed(e);
                return false;
            }
        }
        piece.get(kept, length, take);
        length += take;
        return !decodedPastCap;
    }

    /**
     * Out of memory while keeping the body: Jetty would log it and go on, so it is kept for the user's thread to throw
     * ({@link #error()}); the rest of the body is only counted.
     */
    private void failed(VirtualMachineError e) {
        error = e;
        keep = 0;
        kept = HttpCall.NO_BODY;
        length = 0;
    }

    /** The JVM's own failure while this response was read (out of memory), if there was one: loadgen's, not the target's. */
    java.util.Optional<VirtualMachineError> error() {
        return java.util.Optional.ofNullable(error);
    }

    @Override
    public void onComplete(Result result) {
        if (decoder != null) {
            decoder.close();
            decoder = null;
        }
        timeouts.leave(this);
        done.complete(result);
    }

    /** The body as far as it was kept. */
    byte[] body() {
        return length == kept.length ? kept : Arrays.copyOf(kept, length);
    }

    /** Bytes of body received, kept or not: decoded when this reader decoded them (as far as it did), as they came otherwise. */
    long received() {
        return received;
    }

    /** Bytes of body as they came on the wire. */
    long wireBytes() {
        return wire;
    }

    /**
     * The body was over the cap where the cap matters: the judge needed it (it was not kept whole, so it cannot be judged),
     * or it was being decoded (decoding stopped there, so its size is not known).
     */
    boolean tooLarge() {
        return judged && (decodedPastCap || keep == cap && received > cap);
    }

    /** The error text of a response too large to judge, naming the setting that would let it be. */
    String tooLargeText(int status) {
        if (decodedPastCap) {
            return "HTTP " + status + ": body over " + Values.formatBytes(cap) + " once decoded (target.max-response-body), decoding stopped there"
                    + (keep == cap ? ", not checked" : "") + "; raise the cap if the target means to send that much";
        }
        return "HTTP " + status + ": body over " + Values.formatBytes(cap) + " (target.max-response-body), not checked; raise the cap to check it";
    }

    /** What was wrong with a compressed body that could not be decoded ({@code gzip body could not be decoded (…)}), if it was. */
    java.util.Optional<String> undecodable() {
        return java.util.Optional.ofNullable(undecodable);
    }
}
