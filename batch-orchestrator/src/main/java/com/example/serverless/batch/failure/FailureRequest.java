package com.example.serverless.batch.failure;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the main workflow's Catch hands to the failure step: the run, the caught error ({@code $.failure}, as Step
 * Functions shapes it: {@code Error} and {@code Cause}) and whether the merge had already published the output
 * (only the archive step failed), in which case the run's error rows belong to a published output and are kept.
 */
public record FailureRequest(
        String runId, String bucket, String key, String versionId, Caught failure, boolean outputPublished) {

    public FailureRequest(String runId, String bucket, String key, String versionId, Caught failure) {
        this(runId, bucket, key, versionId, failure, false);
    }

    public record Caught(
            @JsonProperty("Error") String error,
            @JsonProperty("Cause") String cause) {}
}
