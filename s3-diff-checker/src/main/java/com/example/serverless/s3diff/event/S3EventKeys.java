package com.example.serverless.s3diff.event;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * S3 notifications carry object keys form-URL-encoded: a space arrives as {@code +}, a literal {@code +} as
 * {@code %2B}, non-ASCII as percent-escaped UTF-8. {@link URLDecoder} implements exactly that decoding, so the key
 * we list and delete is the key that was written (the sample's own two-step decode is replaced by the JDK's).
 */
public final class S3EventKeys {

    private S3EventKeys() {}

    /**
     * Decodes a key from an S3 event.
     *
     * @throws IllegalArgumentException when the key is not valid form encoding (a truncated {@code %} escape)
     */
    public static String decode(String encodedKey) {
        if (encodedKey == null || encodedKey.isEmpty()) {
            throw new IllegalArgumentException("event has no object key");
        }
        try {
            return URLDecoder.decode(encodedKey, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "object key '" + encodedKey + "' is not URL-encoded as S3 encodes keys: " + e.getMessage(), e);
        }
    }
}
