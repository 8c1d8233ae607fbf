package com.example.serverless.batch.run;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

/**
 * What the main workflow is started with and hands to each step: the uploaded object (with the version that
 * triggered the run, so later uploads to the same key never mix into this run) and the run id, which is also the
 * execution name.
 *
 * @param versionId null when the bucket is not versioned
 */
public record RunInput(
        String bucket,
        String key,
        @JsonSetter(nulls = Nulls.SET) String versionId,
        String runId) {

    public RunInput {
        // present but blank is as wrong as missing; StepJson refuses missing and null fields
        requireText(bucket, "bucket");
        requireText(key, "key");
        requireText(runId, "runId");
    }

    public static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key + (versionId == null ? "" : "?versionId=" + versionId) + " (run " + runId
                + ")";
    }
}
