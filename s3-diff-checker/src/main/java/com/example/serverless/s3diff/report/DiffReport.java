package com.example.serverless.s3diff.report;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The difference between one object version and the version written before it. Written as JSON to the report
 * bucket and summarised in the function's log.
 *
 * @param bucket               source bucket
 * @param key                  source key
 * @param status               what the comparison found
 * @param current              the version the event announced
 * @param previous             the version S3 lists just before it
 * @param addedLines           lines only in {@code current} (text statuses only)
 * @param removedLines         lines only in {@code previous} (text statuses only)
 * @param unifiedDiff          unified diff with 3 lines of context, cut at the report limit
 * @param unifiedDiffTruncated whether {@code unifiedDiff} was cut
 * @param json                 structural diff for {@code .json} keys
 * @param note                 why a diff is missing or partial, in words
 * @param deleteMarkers        delete markers in the key's history when it was checked
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DiffReport(
        String bucket,
        String key,
        DiffStatus status,
        VersionSummary current,
        VersionSummary previous,
        Integer addedLines,
        Integer removedLines,
        String unifiedDiff,
        Boolean unifiedDiffTruncated,
        JsonSection json,
        String note,
        int deleteMarkers) {}
