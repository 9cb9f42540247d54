package dev.loadgen.behavior;

import dev.loadgen.metrics.Outcome;
import dev.loadgen.metrics.Recorder;
import dev.loadgen.metrics.RequestSample;
import dev.loadgen.protocol.Headers;
import dev.loadgen.protocol.HttpCall;
import dev.loadgen.protocol.HttpReply;
import dev.loadgen.protocol.HttpTransport;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A target answered by a function, judged and classified as the real transport does (the status against
 * what the step expects, then its captures and checks), with every request kept for the test to read.
 * The judging is a copy of the lines in {@code JettyHttpTransport.send} that do it (they are not a method
 * of their own to call), with every exchange taking 1 ms: what depends on the real exchange, such as
 * the {@code under} check's time, is tested on the real transport (StepsTest).
 */
final class FakeTarget implements HttpTransport {
    /** An answer: status, body and headers. */
    record Answer(int status, String body, Headers headers) {
        static Answer json(int status, String body) {
            return new Answer(status, body, Headers.of("Content-Type", "application/json"));
        }
    }

    final List<HttpCall> sent = new CopyOnWriteArrayList<>();
    private final Function<HttpCall, Answer> answers;
    /** Where the exchanges are recorded, as the real transport records them: the harness's meters. */
    volatile Recorder recorder = s -> { };

    FakeTarget(Function<HttpCall, Answer> answers) {
        this.answers = answers;
    }

    @Override
    public HttpReply send(HttpCall call) {
        sent.add(call);
        Answer a = answers.apply(call);
        byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
        Outcome outcome = call.isExpected(a.status()) ? Outcome.OK : Outcome.HTTP_ERROR;
        Optional<String> failed = Optional.empty();
        if (outcome == Outcome.OK) {
            failed = call.judge().judge(new HttpReply(a.status(), body, outcome, a.headers()), 1_000_000, false);
            outcome = failed.isPresent() ? Outcome.CHECK_FAILED : Outcome.OK;
        }
        RequestSample sample = new RequestSample(call.endpoint(), a.status(), outcome, call.intendedStartNanos(), call.intendedStartNanos(),
                call.intendedStartNanos() + 1_000_000);
        if (failed.isPresent()) {
            recorder.record(sample, failed.get());
        } else {
            recorder.record(sample);
        }
        return new HttpReply(a.status(), body, outcome, a.headers());
    }

    /** The paths and queries sent, in order: {@code GET /feed?limit=20}. */
    List<String> lines() {
        return sent.stream().map(c -> c.method() + " " + c.uri().getRawPath() + (c.uri().getRawQuery() == null ? "" : "?" + c.uri().getRawQuery())).toList();
    }

    @Override
    public void close() {}
}
