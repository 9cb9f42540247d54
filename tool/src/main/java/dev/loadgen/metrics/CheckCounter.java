package dev.loadgen.metrics;

import java.util.concurrent.atomic.LongAdder;

/** One named check of one endpoint: how often it passed and failed. */
public final class CheckCounter {
    private final String name;
    private final LongAdder passed = new LongAdder();
    private final LongAdder failed = new LongAdder();

    CheckCounter(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public void passed() {
        passed.increment();
    }

    public void failed() {
        failed.increment();
    }

    public long passedCount() {
        return passed.sum();
    }

    public long failedCount() {
        return failed.sum();
    }
}
