package com.example.serverless.secretsenv.convert;

import com.example.serverless.secretsenv.SecretsEnvException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a secret's JSON object into key/value text: strings as they are, numbers exactly as written (no
 * {@code 1.50 -> 1.5}), booleans as {@code true}/{@code false}, nested objects and arrays as compact JSON text.
 * A {@code null} value, duplicate keys and anything but one JSON object are refused. Parse errors report a line
 * and column only: Jackson's own messages quote the offending text, which may be secret.
 */
public final class SecretFlattener {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private SecretFlattener() {}

    /** The object's entries in document order; keys are not validated here (see {@link EnvNames}). */
    public static Map<String, String> flatten(String secretId, String json) {
        try (JsonParser parser = JSON.createParser(json)) {
            JsonToken first;
            try {
                first = parser.nextToken();
            } catch (JsonParseException plainText) {
                first = JsonToken.NOT_AVAILABLE;
            }
            if (first != JsonToken.START_OBJECT) {
                throw new SecretsEnvException("secret '" + secretId + "' is not a JSON object (it is " + describe(first)
                        + "); to export it whole, configure it as '" + secretId + "#VARIABLE_NAME'");
            }
            Map<String, String> entries = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                JsonToken value = parser.nextToken();
                entries.put(key, text(secretId, key, value, parser));
            }
            if (parser.nextToken() != null) {
                throw new SecretsEnvException("secret '" + secretId + "' has content after its JSON object");
            }
            return entries;
        } catch (JsonParseException e) {
            throw new SecretsEnvException("secret '" + secretId + "' is not valid JSON" + where(e.getLocation())
                    + (e.getOriginalMessage().startsWith("Duplicate field") ? " (a key appears twice)" : ""));
        } catch (IOException e) {
            throw new SecretsEnvException("secret '" + secretId + "' could not be read as JSON", e);
        }
    }

    private static String text(String secretId, String key, JsonToken token, JsonParser parser) throws IOException {
        return switch (token) {
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getText();
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case START_OBJECT, START_ARRAY -> {
                StringWriter out = new StringWriter();
                try (JsonGenerator generator = JSON.createGenerator(out)) {
                    generator.copyCurrentStructure(parser);
                }
                yield out.toString();
            }
            case VALUE_NULL ->
                throw new SecretsEnvException("secret '" + secretId + "': key '" + EnvNames.printable(key)
                        + "' is null; use an empty string \"\" for an empty variable");
            default ->
                throw new SecretsEnvException(
                        "secret '" + secretId + "': key '" + EnvNames.printable(key) + "' has an unexpected " + token);
        };
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "empty";
        }
        return switch (token) {
            case START_ARRAY -> "a JSON array";
            case VALUE_STRING -> "a JSON string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a JSON number";
            case VALUE_TRUE, VALUE_FALSE -> "a JSON boolean";
            case VALUE_NULL -> "JSON null";
            default -> "not JSON, e.g. plain text";
        };
    }

    private static String where(JsonLocation location) {
        return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
