package dev.loadgen.protocol;

import dev.loadgen.config.Values;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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
 * <p>So what one response holds is bounded by the cap, whatever the target sends: a body of any length, or one
 * decoded from a small compressed one when the client decodes (the chunks come here decoded, and are counted
 * as such). Jetty calls the listener's methods one after the other; the user's thread reads the fields once
 * {@link #send} has returned, after the future that publishes them.
 */
final class BodyReader implements Response.Listener {
    static final int ERROR_TEXT_BYTES = 4096;
    private static final int FIRST_BUFFER = 8192;

    private final HttpCall call;
    private final int cap;
    private final CompletableFuture<Result> done = new CompletableFuture<>();
    /** How much of this response's body is kept: decided when its headers come. */
    private int keep;
    private boolean judged;
    private byte[] kept = HttpCall.NO_BODY;
    private int length;
    private long received;
    private VirtualMachineError error;

    BodyReader(HttpCall call, int cap) {
        this.call = call;
        this.cap = cap;
    }

    /** Sends the request and waits for the whole response (or the exchange's failure). */
    Result send(Request request) throws InterruptedException {
        request.send(this);
        return await();
    }

    /** Waits for the whole response of a request sent with this listener. */
    Result await() throws InterruptedException {
        try {
            return done.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a response listener's future never fails", e);
        }
    }

    boolean isDone() {
        return done.isDone();
    }

    @Override
    public void onHeaders(Response response) {
        judged = call.isExpected(response.getStatus());
        keep = judged ? (call.judge().readsBody() ? cap : 0) : ERROR_TEXT_BYTES;
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
        int n = chunk.remaining();
        received += n;
        int take = Math.min(n, keep - length);
        if (take <= 0) {
            return;
        }
        if (length + take > kept.length) {
            long grown = Math.max(length + take, Math.max(FIRST_BUFFER, 2L * kept.length));
            try {
                kept = Arrays.copyOf(kept, (int) Math.min(keep, grown));
            } catch (VirtualMachineError e) {
                failed(e);
                return;
            }
        }
        chunk.get(kept, length, take);
        length += take;
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
        done.complete(result);
    }

    /** The body as far as it was kept. */
    byte[] body() {
        return length == kept.length ? kept : Arrays.copyOf(kept, length);
    }

    /** Bytes of body received, kept or not. */
    long received() {
        return received;
    }

    /** The judge needed the body and it was over the cap: it was not kept whole, so it cannot be judged. */
    boolean tooLarge() {
        return judged && keep == cap && received > cap;
    }

    /** The error text of a response too large to judge, naming the setting that would let it be. */
    String tooLargeText(int status) {
        return "HTTP " + status + ": body over " + Values.formatBytes(cap) + " (target.max-response-body), not checked; raise the cap to check it";
    }
}
