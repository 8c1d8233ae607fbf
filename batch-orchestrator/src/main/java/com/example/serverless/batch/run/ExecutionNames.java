package com.example.serverless.batch.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Derives the execution name (= run id) from the object that was uploaded, so the same S3 event delivered twice
 * names the same execution and Step Functions refuses the second start. A readable part of the file name comes
 * first; a hash of bucket, key and version makes it unique. At most 64 characters, so child executions
 * ({@code <runId>-p<part>}) stay within Step Functions' 80-character limit.
 */
public final class ExecutionNames {

    static final int MAX_STEM = 31;
    private static final int HASH_CHARS = 32;

    private ExecutionNames() {}

    /**
     * @param version the object's version id; for an unversioned bucket pass the ETag, so a re-upload of different
     *                content still starts a new run
     */
    public static String forObject(String bucket, String key, String version) {
        return stem(key) + "-" + hash(bucket + "\n" + key + "\n" + (version == null ? "" : version));
    }

    public static String childName(String runId, int part) {
        return runId + "-p" + part;
    }

    static String stem(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        if (name.toLowerCase(Locale.ROOT).endsWith(".csv")) {
            name = name.substring(0, name.length() - 4);
        }
        String clean = name.replaceAll("[^A-Za-z0-9_-]", "_");
        if (clean.isEmpty()) {
            clean = "input";
        }
        return clean.length() > MAX_STEM ? clean.substring(0, MAX_STEM) : clean;
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
