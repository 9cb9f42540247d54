package dev.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** junit.xml: valid JUnit XML, a test case per threshold and per check of an endpoint, failed with the measured value. */
class JunitXmlTest {
    private static Validator validator() throws Exception {
        return SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(JunitXmlTest.class.getResource("/junit/junit.xsd")).newValidator();
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    @Test
    void the_verdicts_validate_against_the_junit_schema_and_a_broken_file_does_not() throws Exception {
        String xml = JunitXml.render(SummaryJsonTest.fixture(), "ci-runner-7");
        validator().validate(new StreamSource(new StringReader(xml)));
        // the validator can say no: a test case without its class name
        String broken = xml.replaceFirst(" classname=\"[^\"]*\"", "");
        assertThatThrownBy(() -> validator().validate(new StreamSource(new StringReader(broken)))).hasMessageContaining("classname");
    }

    @Test
    void each_threshold_and_each_check_of_an_endpoint_is_a_test_case_and_a_failure_says_what_was_measured() throws Exception {
        Summary s = SummaryJsonTest.fixture();
        Document d = parse(JunitXml.render(s, "ci-runner-7"));
        NodeList suites = d.getElementsByTagName("testsuite");
        assertThat(suites.getLength()).isEqualTo(2);
        Element thresholds = (Element) suites.item(0);
        assertThat(thresholds.getAttribute("name")).isEqualTo("loadgen thresholds");
        assertThat(thresholds.getAttribute("tests")).isEqualTo(Integer.toString(s.thresholds().size()));
        assertThat(thresholds.getAttribute("failures")).isEqualTo(Long.toString(s.thresholds().stream().filter(r -> !r.ok()).count()));
        assertThat(thresholds.getAttribute("timestamp")).isEqualTo(s.run().startedAt().toString().substring(0, 19));
        NodeList cases = thresholds.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            var r = s.thresholds().get(i);
            assertThat(c.getAttribute("name")).isEqualTo(r.threshold().expression());
            NodeList failure = c.getElementsByTagName("failure");
            assertThat(failure.getLength()).isEqualTo(r.ok() ? 0 : 1);
            if (!r.ok()) {
                assertThat(((Element) failure.item(0)).getAttribute("message")).isEqualTo("measured " + r.measured());
            }
        }
        Element checks = (Element) suites.item(1);
        long expected = s.endpoints().stream().mapToLong(e -> e.checks().size()).sum();
        assertThat(checks.getAttribute("tests")).isEqualTo(Long.toString(expected));
        List<String> failed = s.endpoints().stream().flatMap(e -> e.checks().entrySet().stream().filter(c -> c.getValue()[1] > 0)
                .map(c -> e.name() + ": " + c.getKey())).toList();
        assertThat(checks.getAttribute("failures")).isEqualTo(Integer.toString(failed.size()));
        assertThat(failed).isNotEmpty();
        NodeList checkCases = checks.getElementsByTagName("testcase");
        List<String> withFailure = new java.util.ArrayList<>();
        for (int i = 0; i < checkCases.getLength(); i++) {
            Element c = (Element) checkCases.item(i);
            if (c.getElementsByTagName("failure").getLength() > 0) {
                withFailure.add(c.getAttribute("name"));
                assertThat(((Element) c.getElementsByTagName("failure").item(0)).getAttribute("message")).matches("failed \\d+ of \\d+ \\(.*%\\)");
            }
        }
        assertThat(withFailure).containsExactlyInAnyOrderElementsOf(failed);
        NodeList props = thresholds.getElementsByTagName("property");
        assertThat(((Element) props.item(0)).getAttribute("name")).isEqualTo("seed");
        assertThat(((Element) props.item(0)).getAttribute("value")).isEqualTo("42");
    }

    @Test
    void names_from_the_config_and_the_target_are_escaped() throws Exception {
        Summary s = SummaryJsonTest.fixture();
        var e = s.endpoints().getFirst();
        var checks = new java.util.TreeMap<String, long[]>(e.checks());
        checks.put("</testcase><script>x</script>", new long[] {0, 1});
        var endpoint = new Summary.Endpoint(e.service(), e.name(), e.responses(), e.latency(), e.serviceTime(), checks, e.errorTexts(),
                e.bodyBytes(), e.bodyWireBytes(), e.protocols(), e.connections());
        Summary hostile = new Summary(s.run(), List.of(endpoint), s.users(), s.ws(), s.chaos(), s.skipped(), s.thresholds());
        String out = JunitXml.render(hostile, "host");
        validator().validate(new StreamSource(new StringReader(out)));
        assertThat(out).doesNotContain("<script>");
        assertThat(parse(out).getElementsByTagName("testcase").getLength()).isEqualTo(s.thresholds().size() + checks.size());
    }

    @Test
    void a_threshold_that_aborted_the_run_says_so() throws Exception {
        Summary s = SummaryJsonTest.fixture();
        var failed = s.thresholds().stream().filter(r -> !r.ok()).findFirst().orElseThrow();
        List<dev.loadgen.metrics.ThresholdCheck.Result> marked = s.thresholds().stream().map(r -> r == failed ? r.abortingTheRun() : r).toList();
        Summary aborted = new Summary(s.run(), s.endpoints(), s.users(), s.ws(), s.chaos(), s.skipped(), marked);
        String xml = JunitXml.render(aborted, "host");
        validator().validate(new StreamSource(new StringReader(xml)));
        assertThat(xml).contains("message=\"measured " + failed.measured() + "; it failed during the run and aborted it (abort-on-fail)\"");
    }
}
