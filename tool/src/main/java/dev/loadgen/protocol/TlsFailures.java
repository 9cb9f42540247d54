package dev.loadgen.protocol;

import dev.loadgen.config.TlsConfig;
import java.net.URI;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * A failed TLS handshake ({@code tls_error}) in words that name the host, the cause and the fix: a certificate that
 * is not trusted, has expired or is for another name; a server that wants a client certificate, or refuses loadgen's;
 * no protocol version in common; a server that does not speak TLS at all. The JDK's own message follows in brackets,
 * shortened, so that the same failure is the same text on every connection.
 */
final class TlsFailures {
    /** The alerts a server sends about the client's certificate: none sent, or one it does not accept. */
    private static final Set<String> CLIENT_CERTIFICATE_ALERTS = Set.of("certificate_required", "bad_certificate", "certificate_unknown",
            "unknown_ca", "access_denied", "unsupported_certificate", "certificate_expired", "certificate_revoked");

    private TlsFailures() {
    }

    /** Whether a failure is the TLS layer's: JSSE raises every handshake failure, sent or received, as an SSLException. */
    static boolean isTls(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    static String describe(Throwable failure, URI uri, TlsConfig tls) {
        String host = uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
        String all = messages(failure);
        String lower = all.toLowerCase(Locale.ROOT);
        if (has(failure, CertificateExpiredException.class)) {
            return "TLS: the certificate of " + host + " has expired (validity check failed); renew it on the server, or set "
                    + "tls.insecure-skip-verify for a test system";
        }
        if (has(failure, CertificateNotYetValidException.class)) {
            return "TLS: the certificate of " + host + " is not valid yet (validity check failed); check the server's certificate "
                    + "and both clocks";
        }
        if (lower.contains("pkix path") || lower.contains("unable to find valid certification path")) {
            return "TLS: the certificate of " + host + " is not trusted (PKIX path building failed); add its CA with tls.ca"
                    + (tls.trustSystem() ? "" : " (trust-system is false: only the ca files are trusted)");
        }
        if (lower.contains("no subject alternative") || lower.contains("no name matching")) {
            return "TLS: the certificate of " + host + " is not for that name; use a name it is for (target.hosts can aim that name "
                    + "at this address)";
        }
        String alert = alert(lower);
        if (CLIENT_CERTIFICATE_ALERTS.contains(alert)) {
            if (tls.cert().isEmpty() && tls.keystore().isEmpty()) {
                return "TLS: " + host + " requires a client certificate (alert " + alert + "); give one with tls.cert and tls.key, "
                        + "or tls.keystore";
            }
            if (alert.equals("certificate_required")) {
                return "TLS: " + host + " requires a client certificate from a CA it trusts, and loadgen's is from another (alert "
                        + alert + ")";
            }
            return "TLS: " + host + " refused loadgen's client certificate (alert " + alert + "); give one issued by a CA the "
                    + "server trusts, and not expired";
        }
        if (alert.equals("protocol_version") || lower.contains("no appropriate protocol") || lower.contains("not accepted by client")
                || lower.contains("protocol version")) {
            return "TLS: no protocol version in common with " + host + " (" + (alert.isEmpty() ? "protocol_version" : "alert " + alert)
                    + "): loadgen offers " + (tls.protocols().isEmpty() ? "TLSv1.3 and TLSv1.2" : String.join(" and ", tls.protocols()))
                    + (tls.minVersion().isPresent() ? "; lower tls.min-version if the server is older" : "");
        }
        if (lower.contains("unrecognized ssl message") || lower.contains("plaintext connection")) {
            return "TLS: " + host + " does not answer in TLS (unrecognized SSL message); is it http:// rather than https://?";
        }
        if (lower.contains("terminated the handshake")) {
            return "TLS: " + host + " closed the connection during the handshake";
        }
        return "TLS: the handshake with " + host + " failed (" + (alert.isEmpty() ? ErrorText.dumpless(innermost(failure)) : "alert " + alert) + ")";
    }

    /** The alert's name in {@code Received fatal alert: NAME}, or empty. */
    private static String alert(String lower) {
        String mark = "received fatal alert: ";
        int at = lower.indexOf(mark);
        if (at < 0) {
            return "";
        }
        int end = at + mark.length();
        while (end < lower.length() && (Character.isLetterOrDigit(lower.charAt(end)) || lower.charAt(end) == '_')) {
            end++;
        }
        return lower.substring(at + mark.length(), end);
    }

    private static String messages(Throwable failure) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            out.append(t.getMessage()).append('\n');
        }
        return out.toString();
    }

    private static String innermost(Throwable failure) {
        String m = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                m = t.getMessage();
            }
        }
        return m == null ? failure.getClass().getSimpleName() : m;
    }

    private static boolean has(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
