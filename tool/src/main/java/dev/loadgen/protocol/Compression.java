package dev.loadgen.protocol;

import org.eclipse.jetty.client.HttpClient;

/** {@code compression}: Accept-Encoding and the decoders (owner: the compression work of issue 17; for now none). */
final class Compression {
    private Compression() {
    }

    static void configure(HttpClient client, boolean compression) {
    }
}
