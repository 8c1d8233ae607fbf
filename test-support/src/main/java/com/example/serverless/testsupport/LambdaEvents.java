package com.example.serverless.testsupport;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * Reads and writes events exactly as the Java runtime does, with the runtime's own serializers: event classes
 * through {@link LambdaEventSerializers} (which knows that S3's JSON says {@code Records}), other POJOs through the
 * runtime's Jackson factory. Tests that parse fixtures with their own ObjectMapper drift from what Lambda does.
 */
public final class LambdaEvents {

    private LambdaEvents() {}

    /** Loads {@code events/<name>} as the handler's input type. */
    public static <T> T load(String name, Class<T> type) {
        return fromJson(read(name), type);
    }

    public static String read(String name) {
        try {
            return Files.readString(ProjectPaths.event(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T fromJson(String json, Class<T> type) {
        return serializer(type).fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    public static <T> String toJson(T value, Class<T> type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer(type).toJson(value, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static <T> PojoSerializer<T> serializer(Class<T> type) {
        return LambdaEventSerializers.isLambdaSupportedEvent(type.getName())
                ? LambdaEventSerializers.serializerFor(type, LambdaEvents.class.getClassLoader())
                : JacksonFactory.getInstance().getSerializer(type);
    }
}
