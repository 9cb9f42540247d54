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
    /**
     * The one mapper of the scenarios (bodies, responses, data files, tokens), with one buffer pool for every
     * user: Jackson's default keeps a buffer recycler per thread, and with a virtual thread per user that was
     * about 20 KB of parse buffers held by each thinking user.
     */
    private static final ObjectMapper MAPPER = com.fasterxml.jackson.databind.json.JsonMapper.builder(
            com.fasterxml.jackson.core.JsonFactory.builder()
                    .recyclerPool(com.fasterxml.jackson.core.util.JsonRecyclerPools.sharedConcurrentDequePool())
                    .build())
            .build();
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
