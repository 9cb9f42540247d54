package dev.loadgen.report;

import dev.loadgen.metrics.ThresholdCheck;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code junit.xml}: the run's verdicts in the JUnit XML that CI systems show (Jenkins, GitLab, GitHub
 * Actions' test reporters). One suite of the thresholds, a test case each, failed with the measured value;
 * one suite of the checks, a test case per check of an endpoint, failed when any response failed it. The
 * layout is the common one of Ant's JUnit task: every suite has its properties (the run's seed, target and
 * stop reason), its counts, a timestamp without a zone (UTC) and the host name.
 */
public final class JunitXml {
    public static final String FILE = "junit.xml";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** A test case: its class name, name, and why it failed (null: it passed). */
    record Case(String classname, String name, String failure, String detail) {}

    private JunitXml() {}

    /** Writes {@code dir/junit.xml} for the summary; returns its path. */
    public static Path write(Summary summary, Path dir) throws IOException {
        Path out = dir.resolve(FILE);
        Files.writeString(out, render(summary, hostname()), StandardCharsets.UTF_8);
        return out;
    }

    static String render(Summary s, String hostname) {
        List<Case> thresholds = new ArrayList<>();
        for (ThresholdCheck.Result r : s.thresholds()) {
            String measured = r.measured();
            String aborted = r.abortedRun() ? "; it failed during the run and aborted it (abort-on-fail)" : "";
            thresholds.add(new Case("loadgen.thresholds", r.threshold().expression(), r.ok() ? null : "measured " + measured + aborted,
                    r.threshold().expression() + " did not hold: measured " + measured + aborted));
        }
        List<Case> checks = new ArrayList<>();
        for (Summary.Endpoint e : s.endpoints()) {
            for (Map.Entry<String, long[]> c : e.checks().entrySet()) {
                long passed = c.getValue()[0];
                long failed = c.getValue()[1];
                String counted = String.format(Locale.ROOT, "failed %d of %d (%.2f%%)", failed, passed + failed,
                        100.0 * failed / Math.max(1, passed + failed));
                checks.add(new Case("loadgen.checks." + e.service(), e.name() + ": " + c.getKey(), failed == 0 ? null : counted,
                        "check '" + c.getKey() + "' on " + e.name() + " " + counted));
            }
        }
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.writeStartElement("testsuites");
            w.writeCharacters("\n");
            suite(w, s, hostname, 0, "thresholds", thresholds);
            suite(w, s, hostname, 1, "checks", checks);
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new UncheckedIOException(new IOException("junit.xml cannot be written: " + e.getMessage(), e));
        }
        return text.toString();
    }

    private static void suite(XMLStreamWriter w, Summary s, String hostname, int id, String name, List<Case> cases) throws XMLStreamException {
        long failures = cases.stream().filter(c -> c.failure() != null).count();
        String time = String.format(Locale.ROOT, "%.3f", s.run().durationSeconds());
        w.writeCharacters("  ");
        w.writeStartElement("testsuite");
        w.writeAttribute("name", "loadgen " + name);
        w.writeAttribute("package", "loadgen");
        w.writeAttribute("id", Integer.toString(id));
        w.writeAttribute("timestamp", TIMESTAMP.format(s.run().startedAt().truncatedTo(ChronoUnit.SECONDS)));
        w.writeAttribute("hostname", hostname);
        w.writeAttribute("tests", Integer.toString(cases.size()));
        w.writeAttribute("failures", Long.toString(failures));
        w.writeAttribute("errors", "0");
        w.writeAttribute("time", time);
        w.writeCharacters("\n    ");
        w.writeStartElement("properties");
        property(w, "seed", s.run().seed().map(String::valueOf).orElse("-"));
        property(w, "target", s.run().target());
        property(w, "model", s.run().model());
        property(w, "segment", s.run().segment());
        property(w, "stopReason", s.run().stopReason());
        property(w, "loadgen", s.run().version());
        w.writeCharacters("\n    ");
        w.writeEndElement();
        for (Case c : cases) {
            w.writeCharacters("\n    ");
            w.writeStartElement("testcase");
            w.writeAttribute("name", c.name());
            w.writeAttribute("classname", c.classname());
            w.writeAttribute("time", "0");
            if (c.failure() != null) {
                w.writeCharacters("\n      ");
                w.writeStartElement("failure");
                w.writeAttribute("message", c.failure());
                w.writeAttribute("type", name.equals("thresholds") ? "threshold" : "check");
                w.writeCharacters(c.detail());
                w.writeEndElement();
                w.writeCharacters("\n    ");
            }
            w.writeEndElement();
        }
        w.writeCharacters("\n    ");
        w.writeStartElement("system-out");
        w.writeEndElement();
        w.writeCharacters("\n    ");
        w.writeStartElement("system-err");
        w.writeEndElement();
        w.writeCharacters("\n  ");
        w.writeEndElement();
        w.writeCharacters("\n");
    }

    private static void property(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeCharacters("\n      ");
        w.writeEmptyElement("property");
        w.writeAttribute("name", name);
        w.writeAttribute("value", value);
    }

    private static String hostname() {
        try {
            String h = java.net.InetAddress.getLocalHost().getHostName();
            return h == null || h.isBlank() ? "localhost" : h;
        } catch (IOException e) {
            return "localhost";
        }
    }
}
