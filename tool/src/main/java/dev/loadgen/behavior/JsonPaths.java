package dev.loadgen.behavior;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import dev.loadgen.config.ConfigException;
import dev.loadgen.config.ScenarioSpec.Text;

/** JSONPath (Jayway) over the Jackson trees the responses are parsed into: compiled once, read without exceptions. */
final class JsonPaths {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Configuration CONFIG = Configuration.builder().jsonProvider(new JacksonJsonNodeJsonProvider(MAPPER))
            .mappingProvider(new JacksonMappingProvider(MAPPER)).options(Option.SUPPRESS_EXCEPTIONS).build();

    private JsonPaths() {}

    static ObjectMapper mapper() {
        return MAPPER;
    }

    static JsonPath compile(Text t) {
        try {
            return JsonPath.compile(t.value());
        } catch (InvalidPathException | IllegalArgumentException e) {
            throw new ConfigException(t.origin(), "'" + t.value() + "' is not a JSONPath (" + e.getMessage()
                    + "); write it like $.items[*].id or $.user.token");
        }
    }

    /** What the path finds: a node, an array of nodes for an indefinite path, or null. */
    static JsonNode read(JsonPath path, JsonNode doc) {
        Object r = path.read(doc, CONFIG);
        return r instanceof JsonNode n ? n : null;
    }
}
