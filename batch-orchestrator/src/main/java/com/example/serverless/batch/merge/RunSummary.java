package com.example.serverless.batch.merge;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

/**
 * The accounting of a finished run, written to {@code output/<runId>.summary.json} and sent in the notification.
 * {@code inputRows == outputRows + errorRows} always holds for a summary that exists.
 *
 * @param durationMillis from the execution's start to the end of the merge
 */
public record RunSummary(
        String runId,
        String bucket,
        String inputKey,
        @JsonSetter(nulls = Nulls.SET) String inputVersionId,
        String outputKey,
        String summaryKey,
        long inputRows,
        long outputRows,
        long errorRows,
        int chunks,
        String startedAt,
        String finishedAt,
        long durationMillis) {}
