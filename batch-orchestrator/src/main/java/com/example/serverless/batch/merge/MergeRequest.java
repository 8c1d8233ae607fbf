package com.example.serverless.batch.merge;

/** @param startedAt the execution's start time ({@code $$.Execution.StartTime}), for the run's duration */
public record MergeRequest(String runId, String bucket, String key, String versionId, String startedAt) {}
