package com.example.serverless.s3diff.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where the report for one version goes: {@code <prefix><source key>/<versionId>.json}, so all reports of a key
 * list together. S3 keys are at most 1024 UTF-8 bytes; a source key too long to nest is replaced by its SHA-256
 * under {@code <prefix>_long-keys/} (the report body still names the full key).
 */
public final class ReportKeys {

    static final int MAX_KEY_BYTES = 1024;

    private ReportKeys() {}

    public static String reportKey(String prefix, String sourceKey, String versionId) {
        String nested = prefix + sourceKey + "/" + versionId + ".json";
        if (nested.getBytes(StandardCharsets.UTF_8).length <= MAX_KEY_BYTES) {
            return nested;
        }
        return prefix + "_long-keys/" + sha256(sourceKey) + "/" + versionId + ".json";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
