package dev.loadgen.protocol;

import dev.loadgen.time.Clock;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.AsyncRequestContent;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.util.Callback;

/**
 * The slow-upload fault: the request goes out at once, its body (chunked, no length announced) in
 * slices of a tenth of a second's worth, paced on the user's own thread, as a client on a poor uplink
 * would send it. The request's total timeout still applies.
 */
final class SlowUpload {
    private static final long SLICE_NANOS = 100_000_000L;

    private SlowUpload() {}

    /** Sends the request with its body paced, the response read by {@code response}; returns when the whole response came. */
    static Result send(Request request, byte[] body, int bytesPerSecond, Clock clock, BodyReader response) throws InterruptedException {
        AsyncRequestContent content = new AsyncRequestContent("application/json");
        request.body(content);
        CountDownLatch committed = new CountDownLatch(1);
        request.onRequestCommit(r -> committed.countDown());
        response.sending(request);
        int slice = Math.max(1, bytesPerSecond / 10);
        try {
            long next = 0;
            for (int at = 0; at < body.length && !response.isDone(); at += slice) {
                int n = Math.min(slice, body.length - at);
                content.write(ByteBuffer.wrap(body, at, n), Callback.NOOP);
                if (next == 0) {
                    // pace from when the headers are on the wire, not from while the connection was opening
                    while (!committed.await(10, TimeUnit.MILLISECONDS) && !response.isDone()) {
                        Thread.onSpinWait();
                    }
                    next = clock.nanoTime();
                }
                next += SLICE_NANOS * n / slice;
                clock.sleepUntil(next, response::isDone);
            }
        } catch (InterruptedException e) {
            request.abort(e);
            throw e;
        } finally {
            content.close();
        }
        return response.await();
    }
}
