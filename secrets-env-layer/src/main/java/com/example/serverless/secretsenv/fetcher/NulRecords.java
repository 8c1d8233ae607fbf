package com.example.serverless.secretsenv.fetcher;

import com.example.serverless.secretsenv.load.LoadedSecrets;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The hand-over format between the fetcher and {@code secrets-env-wrapper}: NUL-terminated UTF-8 fields
 * <pre>
 *   secrets-env/1 NUL  next-wrapper-or-empty NUL  count NUL  (name NUL value NUL) x count
 * </pre>
 * NUL is the one byte no environment variable can contain, so no value can end a field early or fake a record;
 * bash reads the fields with {@code mapfile -d ''} and never interprets them. The header and count let the wrapper
 * refuse truncated or foreign output.
 */
public final class NulRecords {

    public static final String HEADER = "secrets-env/1";

    private NulRecords() {}

    public static byte[] encode(LoadedSecrets loaded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        field(out, HEADER);
        field(out, loaded.nextWrapper().orElse(""));
        field(out, Integer.toString(loaded.variables().size()));
        for (Map.Entry<String, String> variable : loaded.variables().entrySet()) {
            field(out, variable.getKey());
            field(out, variable.getValue());
        }
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, String text) {
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a field contains NUL"); // the loader refuses these first
        }
        try {
            // strict: String.getBytes would silently write '?' for an unpaired surrogate (the loader refuses those)
            out.writeBytes(toBytes(StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(text))));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("a field has no UTF-8 form (unpaired surrogate)", e);
        }
        out.write(0);
    }

    private static byte[] toBytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
