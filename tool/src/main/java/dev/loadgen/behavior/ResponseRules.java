package dev.loadgen.behavior;

import dev.loadgen.config.ConfigException;
import dev.loadgen.config.ScenarioSpec;
import dev.loadgen.config.ScenarioSpec.CaptureSpec;
import dev.loadgen.config.ScenarioSpec.CheckSpec;
import dev.loadgen.config.ScenarioSpec.Text;
import dev.loadgen.metrics.EndpointMeter;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles what a step makes of a response: captures (JSONPaths, headers, regular expressions) and checks,
 * each check counted on its endpoint under its name.
 */
final class ResponseRules {
    private final Variables variables;
    private final Function<Text, Template> template;
    private final java.util.Set<String> textOnly;

    /** {@code textOnly}: variables a capture must fill with text (a JSON string), such as the auth token. */
    ResponseRules(Variables variables, Function<Text, Template> template, java.util.Set<String> textOnly) {
        this.variables = variables;
        this.template = template;
        this.textOnly = textOnly;
    }

    Capture capture(CaptureSpec c, EndpointMeter meter) {
        Variables.Var var = variables.get(c.variable().value()).orElseThrow();
        Optional<Pattern> regex = Optional.empty();
        if (c.from() == ScenarioSpec.CaptureFrom.BODY || c.regex().isPresent()) {
            Text rx = c.from() == ScenarioSpec.CaptureFrom.BODY ? c.expression() : c.regex().orElseThrow();
            try {
                regex = Optional.of(Pattern.compile(rx.value()));
            } catch (PatternSyntaxException e) {
                throw new ConfigException(rx.origin(), "'" + rx.value() + "' is not a regular expression (" + e.getDescription() + ")");
            }
        }
        return switch (c.from()) {
            case JSON -> new Capture(var, Capture.Kind.JSON, Optional.of(JsonPaths.compile(c.expression())), "", Optional.empty(), 1,
                    c.expression().value(), c.optional() ? null : meter.check("capture " + var.name()), textOnly.contains(var.name()));
            case HEADER -> new Capture(var, Capture.Kind.HEADER, Optional.empty(), c.expression().value(), regex, c.group(),
                    "header " + c.expression().value(), c.optional() ? null : meter.check("capture " + var.name()), false);
            case BODY -> new Capture(var, Capture.Kind.BODY, Optional.empty(), "", regex, c.group(),
                    "regex " + c.expression().value(), c.optional() ? null : meter.check("capture " + var.name()), false);
        };
    }

    Check check(CheckSpec c, EndpointMeter meter) {
        Check.Kind kind = Check.Kind.valueOf(c.kind().name());
        String subject = c.subject().map(Text::value).orElse("");
        String name = c.name().orElseGet(() -> switch (kind) {
            case STATUS -> "status " + c.statuses();
            case UNDER -> "under " + dev.loadgen.config.Values.format(c.under().orElseThrow());
            case BODY_CONTAINS -> "body contains '" + subject + "'";
            case JSON, HEADER -> (kind == Check.Kind.JSON ? "json " : "header ") + subject
                    + c.equals().map(e -> " = " + e.value()).orElse(c.matches().map(m -> " ~ " + m.value()).orElse(c.exists() ? "" : " absent"));
        });
        Optional<Pattern> matches = c.matches().map(m -> {
            try {
                return Pattern.compile(m.value());
            } catch (PatternSyntaxException e) {
                throw new ConfigException(m.origin(), "'" + m.value() + "' is not a regular expression (" + e.getDescription() + ")");
            }
        });
        return new Check(name, meter.check(name), kind, c.statuses().stream().mapToInt(Integer::intValue).toArray(),
                kind == Check.Kind.JSON ? Optional.of(JsonPaths.compile(c.subject().orElseThrow())) : Optional.empty(), subject,
                c.equals().map(template), matches, c.exists(), c.under().map(java.time.Duration::toNanos).orElse(0L));
    }

}
