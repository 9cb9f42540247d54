package dev.loadgen.protocol;

import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpFields;

/** A response's headers, by name, case-insensitive. */
public final class Headers {
    public static final Headers NONE = new Headers(HttpFields.EMPTY);

    private final HttpFields fields;

    Headers(HttpFields fields) {
        this.fields = fields;
    }

    /** Headers from name, value, name, value... (for fakes of a target in tests and tools). */
    public static Headers of(String... nameValues) {
        HttpFields.Mutable m = HttpFields.build();
        for (int i = 0; i + 1 < nameValues.length; i += 2) {
            m.add(nameValues[i], nameValues[i + 1]);
        }
        return new Headers(m.asImmutable());
    }

    public Optional<String> first(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    public List<String> all(String name) {
        return fields.getValuesList(name);
    }

    /** Every header as {@code name: value} lines, for {@code loadgen try}. */
    public List<String> lines() {
        return fields.stream().map(f -> f.getName() + ": " + f.getValue()).toList();
    }
}
