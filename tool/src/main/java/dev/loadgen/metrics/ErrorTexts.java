package dev.loadgen.metrics;

import dev.loadgen.config.Redaction;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The distinct error texts of one endpoint ({@code HTTP 503: overloaded}, {@code Connection refused}), each
 * counted, as Locust's failures table shows them. Bounded whatever the target answers: texts are cut to
 * {@link #MAX_LENGTH} characters and, past {@link #MAX_TEXTS} distinct ones, counted under {@link #OTHER}.
 * Secrets a text carries (a URL's password, a token in a query) are redacted before it is kept, so neither
 * summary.json nor /metrics nor the dashboard shows them. Only failed requests come here, so a healthy run pays nothing.
 */
final class ErrorTexts {
    static final int MAX_TEXTS = 20;
    static final int MAX_LENGTH = 200;
    static final String OTHER = "(other errors)";

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();
    /** The texts as they came, cleaned: a failure repeated 10,000 times a second is cleaned once. */
    private final Map<String, String> cleaned = new ConcurrentHashMap<>();

    void add(String text) {
        String raw = text == null ? "" : text;
        String t = cleaned.get(raw);
        if (t == null) {
            t = clean(raw);
            if (cleaned.size() < 4 * MAX_TEXTS) {
                cleaned.put(raw, t);
            }
        }
        LongAdder n = counts.get(t);
        if (n == null) {
            // one slot stays for OTHER; two threads may both take the last free one, so the cap is a soft one
            int texts = counts.size() - (counts.containsKey(OTHER) ? 1 : 0);
            n = counts.computeIfAbsent(texts >= MAX_TEXTS - 1 ? OTHER : t, k -> new LongAdder());
        }
        n.increment();
        total.increment();
    }

    /** How many texts were added, which tells a reader cheaply whether anything changed. */
    long total() {
        return total.sum();
    }

    /** Every text so far with its count, sorted by text. */
    Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** One line, no control characters, no secret, at most {@link #MAX_LENGTH} characters. */
    static String clean(String text) {
        String oneLine = text == null || text.isBlank() ? "(no message)" : Redaction.text(text.strip().replaceAll("\\p{Cntrl}+", " "));
        return oneLine.length() <= MAX_LENGTH ? oneLine : oneLine.substring(0, MAX_LENGTH - 1) + "…";
    }
}
