package dev.loadgen.demo.shared;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * JSON in and out. Bodies are read as trees, not bound to records, so that every failed check
 * can name its field ({@code "username: required string"}) instead of surfacing a Jackson
 * message. Records go out through the one shared, thread-safe mapper.
 */
public final class Json {
    /** Nesting is capped far below Jackson's default: no demo body is deeper than 2 levels. */
    private static final int MAX_DEPTH = 32;

    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                    // handlers run on virtual threads: one shared buffer pool, not a recycler per thread
                    .recyclerPool(com.fasterxml.jackson.core.util.JsonRecyclerPools.sharedConcurrentDequePool())
                    .build())
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {}

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Parses a request body that must be one JSON object; 400 otherwise. */
    public static ObjectNode parseObject(byte[] body, String what) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (IOException e) {
            throw ApiException.badRequest(what + ": malformed JSON");
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest(what + ": a JSON object is required");
        }
        return (ObjectNode) node;
    }

    /** Parses text that must be one JSON object, or nothing (for chat frames and replies of other services). */
    public static Optional<ObjectNode> tryParseObject(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            return node != null && node.isObject() ? Optional.of((ObjectNode) node) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static String requiredString(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual()) {
            throw ApiException.badRequest(field + ": required string");
        }
        return v.textValue();
    }

    /** A field that may be absent; present, it must be a string. */
    public static Optional<String> optionalString(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest(field + ": must be a string");
        }
        return Optional.of(v.textValue());
    }
}
