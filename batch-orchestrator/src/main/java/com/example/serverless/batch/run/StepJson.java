package com.example.serverless.batch.run;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.stream.Collectors;

/**
 * JSON between the state machines and the step functions. Handlers read and write streams themselves so the
 * payloads are plain records under our control (the runtime's own serializer does not handle records).
 *
 * <p>Reading is strict, by Jackson's own features, so a payload that does not match its record fails the step
 * naming the field instead of running on a default (a missing delimiter once meant "comma", every row an error
 * row and a "successful" run): every record component must be present ({@code FAIL_ON_MISSING_CREATOR_PROPERTIES}),
 * no unknown field ({@code FAIL_ON_UNKNOWN_PROPERTIES}), no {@code null} ({@code Nulls.FAIL} by default; the few
 * components that may be null, such as the version id of an unversioned bucket, say so with
 * {@code @JsonSetter(nulls = Nulls.SET)}, which {@code FAIL_ON_NULL_CREATOR_PROPERTIES} would not allow), no
 * {@code "1"} for a number or {@code 1.5} for an int. Values are checked by the records' compact constructors.
 */
public final class StepJson {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .defaultSetterInfo(JsonSetter.Value.forValueNulls(Nulls.FAIL))
            .build();

    private StepJson() {}

    /**
     * @throws InvalidStepInputException naming the field when the JSON does not match {@code type}
     */
    public static <T> T read(InputStream in, Class<T> type) {
        try {
            return MAPPER.readValue(in, type);
        } catch (JsonMappingException e) {
            throw new InvalidStepInputException(
                    "step input is not a valid " + type.getSimpleName() + ": " + describe(e), e);
        } catch (IOException e) {
            throw new InvalidStepInputException(
                    "step input is not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** The field's path ({@code summary.runId}) and Jackson's reason, without the source excerpt. */
    private static String describe(JsonMappingException e) {
        String reason = e instanceof ValueInstantiationException && e.getCause() != null
                ? e.getCause().getMessage()
                : e.getOriginalMessage();
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
        return field.isEmpty() ? reason : "field '" + field + "': " + reason;
    }

    public static void write(OutputStream out, Object value) {
        try {
            MAPPER.writeValue(out, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
