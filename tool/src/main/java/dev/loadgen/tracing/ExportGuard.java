package dev.loadgen.tracing;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Export that never blocks a user and never loses a span silently. The SDK's batch processor queues spans
 * and exports them from its own thread; when its queue is full it drops spans without telling anyone. So
 * this guard counts the spans between "ended" and "export done" and drops (and counts) a span itself when
 * that number reaches the queue's capacity: the batch processor's queue then never overflows, and every
 * lost span is either {@code queue_full} or {@code export_failed} (the collector refused or was down).
 */
final class ExportGuard {
    static final int QUEUE = 8192;
    private static final int BATCH = 512;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder queueFull = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder exported = new LongAdder();
    private final AtomicBoolean warned = new AtomicBoolean();
    private final SpanProcessor batch;
    private final String endpoint;
    private final Consumer<String> warn;

    ExportGuard(SpanExporter exporter, String endpoint, Consumer<String> warn) {
        this.endpoint = endpoint;
        this.warn = warn;
        // never SimpleSpanProcessor: it exports on the user's thread and rejects spans under bursts
        batch = BatchSpanProcessor.builder(new Counting(exporter)).setMaxQueueSize(QUEUE).setMaxExportBatchSize(BATCH)
                .setScheduleDelay(Duration.ofSeconds(1)).build();
    }

    SpanProcessor processor() {
        return new SpanProcessor() {
            @Override
            public void onStart(Context parentContext, ReadWriteSpan span) {}

            @Override
            public boolean isStartRequired() {
                return false;
            }

            @Override
            public void onEnd(ReadableSpan span) {
                if (!span.getSpanContext().isSampled()) {
                    return;
                }
                if (inFlight.incrementAndGet() > QUEUE) {
                    inFlight.decrementAndGet();
                    queueFull.increment();
                    return;
                }
                batch.onEnd(span);
            }

            @Override
            public boolean isEndRequired() {
                return true;
            }

            @Override
            public CompletableResultCode shutdown() {
                return batch.shutdown();
            }

            @Override
            public CompletableResultCode forceFlush() {
                return batch.forceFlush();
            }
        };
    }

    Map<String, Long> dropped() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("queue_full", queueFull.sum());
        out.put("export_failed", failed.sum());
        return out;
    }

    long exported() {
        return exported.sum();
    }

    /** Counts each batch's fate when the export completes, and warns once on the first failure. */
    private final class Counting implements SpanExporter {
        private final SpanExporter delegate;

        Counting(SpanExporter delegate) {
            this.delegate = delegate;
        }

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            int n = spans.size();
            CompletableResultCode result;
            try {
                result = delegate.export(spans);
            } catch (RuntimeException e) {
                result = CompletableResultCode.ofExceptionalFailure(e);
            }
            CompletableResultCode r = result;
            r.whenComplete(() -> {
                inFlight.addAndGet(-n);
                if (r.isSuccess()) {
                    exported.add(n);
                } else {
                    failed.add(n);
                    if (warned.compareAndSet(false, true)) {
                        Throwable why = r.getFailureThrowable();
                        warn.accept("cannot export spans to " + endpoint + (why == null ? "" : " (" + why.getMessage() + ")")
                                + "; spans are dropped and counted in loadgen_spans_dropped_total, and the run goes on");
                    }
                }
            });
            return r;
        }

        @Override
        public CompletableResultCode flush() {
            return delegate.flush();
        }

        @Override
        public CompletableResultCode shutdown() {
            return delegate.shutdown();
        }
    }
}
