package com.example.serverless.secretsenv.aws;

import java.util.Optional;

/**
 * What GetSecretValue returned for one secret: its text, or nothing when the current version holds binary data.
 *
 * @param secretId the id as configured (used in messages)
 * @param text     {@code SecretString}; empty for a {@code SecretBinary} secret
 */
public record SecretValue(String secretId, Optional<String> text) {

    public static SecretValue ofText(String secretId, String text) {
        return new SecretValue(secretId, Optional.of(text));
    }

    public static SecretValue binary(String secretId) {
        return new SecretValue(secretId, Optional.empty());
    }

    @Override
    public String toString() {
        return "SecretValue[" + secretId + (text.isPresent() ? ", text" : ", binary") + "]"; // never the value
    }
}
