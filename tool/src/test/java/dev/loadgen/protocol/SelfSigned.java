package dev.loadgen.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The test servers' TLS identity: a fresh EC key pair and self-signed certificate made by the JDK's keytool, never a committed key. */
public final class SelfSigned {
    /** The password of every store made here. */
    public static final String PASSWORD = "test-only";

    private SelfSigned() {
    }

    /** A PKCS#12 store at {@code store} with a certificate for the name {@code name} and for 127.0.0.1, valid two days. */
    public static Path store(Path store, String name) throws IOException, InterruptedException {
        Files.deleteIfExists(store);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "SAN=dns:" + name + ",ip:127.0.0.1", "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("keytool could not make a certificate: " + out);
        }
        return store;
    }
}
