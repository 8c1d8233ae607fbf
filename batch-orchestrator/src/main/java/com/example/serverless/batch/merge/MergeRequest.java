package com.example.serverless.batch.merge;

import com.example.serverless.batch.run.RunInput;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

/** @param startedAt the execution's start time ({@code $$.Execution.StartTime}), for the run's duration */
public record MergeRequest(
        String runId,
        String bucket,
        String key,
        @JsonSetter(nulls = Nulls.SET) String versionId,
        String startedAt) {

    public MergeRequest {
        RunInput.requireText(runId, "runId");
        RunInput.requireText(bucket, "bucket");
        RunInput.requireText(key, "key");
    }
}
