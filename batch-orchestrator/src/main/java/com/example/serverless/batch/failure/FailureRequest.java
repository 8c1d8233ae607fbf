package com.example.serverless.batch.failure;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the main workflow's Catch hands to the failure step: the run and the caught error ({@code $.failure}, as
 * Step Functions shapes it: {@code Error} and {@code Cause}).
 */
public record FailureRequest(String runId, String bucket, String key, String versionId, Caught failure) {

    public record Caught(
            @JsonProperty("Error") String error,
            @JsonProperty("Cause") String cause) {}
}
