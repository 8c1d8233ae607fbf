package com.example.serverless.batch.failure;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

/**
 * What the main workflow's Catch hands to the failure step: the run, the caught error ({@code $.failure}, as Step
 * Functions shapes it: {@code Error} and {@code Cause}) and whether the merge had already published the output
 * (only the archive step failed), in which case the run's error rows belong to a published output and are kept.
 */
public record FailureRequest(
        String runId,
        String bucket,
        String key,
        @JsonSetter(nulls = Nulls.SET) String versionId,
        Caught failure,
        boolean outputPublished) {

    public FailureRequest(String runId, String bucket, String key, String versionId, Caught failure) {
        this(runId, bucket, key, versionId, failure, false);
    }

    /**
     * Step Functions' error output. Both fields are always there (the workflow's own fallback,
     * {@code NotifyFailureRaw}, formats {@code $.failure.Cause} too); a null cause is tolerated so that the last
     * step of a failed run still explains the error.
     */
    public record Caught(
            @JsonProperty("Error") String error,

            @JsonProperty("Cause") @JsonSetter(nulls = Nulls.SET)
            String cause) {}
}
