package com.example.serverless.batch.merge;

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
        String inputVersionId,
        String outputKey,
        String summaryKey,
        long inputRows,
        long outputRows,
        long errorRows,
        int chunks,
        String startedAt,
        String finishedAt,
        long durationMillis) {}
