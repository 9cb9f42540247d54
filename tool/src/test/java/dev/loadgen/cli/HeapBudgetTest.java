package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The warning at the start of a run whose users would not fit loadgen's heap. */
class HeapBudgetTest {
    private static final long MB = 1024 * 1024;

    @Test
    void users_that_fit_the_heap_say_nothing() {
        assertThat(new HeapBudget(512 * MB).check(10_000)).isEmpty();
        assertThat(new HeapBudget(96 * MB).check(1_000)).isEmpty();
    }

    @Test
    void users_that_do_not_fit_are_told_what_they_need_the_ceiling_and_both_ways_out() {
        assertThat(new HeapBudget(512 * MB).check(50_000)).hasValue("50,000 users need about 1.6 GiB of heap (32 KiB each, measured), "
                + "over loadgen's ceiling of 512 MiB; give it more (LOADGEN_JAVA_OPTS=-XX:MaxRAMPercentage=75 or -Xmx2g; in a container, "
                + "a larger memory limit), or share the users among instances (--segment i/n, docs/scaling.md)");
    }
}
