package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Jetty is told how many references fill a cache line, as it would have found out through the MBean server. */
class ColdStartTest {
    private final String before = System.getProperty(ColdStart.REFERENCES_PER_CACHE_LINE);

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(ColdStart.REFERENCES_PER_CACHE_LINE);
        } else {
            System.setProperty(ColdStart.REFERENCES_PER_CACHE_LINE, before);
        }
    }

    @Test
    void jetty_is_told_the_reference_size_of_this_jvm_and_a_value_given_is_kept() {
        System.clearProperty(ColdStart.REFERENCES_PER_CACHE_LINE);
        ColdStart.tellJettyTheReferenceSize();
        boolean compressed = Boolean.parseBoolean(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .getVMOption("UseCompressedOops").getValue());
        assertThat(System.getProperty(ColdStart.REFERENCES_PER_CACHE_LINE)).isEqualTo(compressed ? "16" : "8");

        System.setProperty(ColdStart.REFERENCES_PER_CACHE_LINE, "3");
        ColdStart.tellJettyTheReferenceSize();
        assertThat(System.getProperty(ColdStart.REFERENCES_PER_CACHE_LINE)).isEqualTo("3");
    }

    @Test
    void a_vm_option_is_read_and_an_unknown_one_is_empty() {
        assertThat(ColdStart.vmOption("NativeMemoryTracking")).contains("off");
        assertThat(ColdStart.vmOption("NoSuchOption")).isEmpty();
    }
}
