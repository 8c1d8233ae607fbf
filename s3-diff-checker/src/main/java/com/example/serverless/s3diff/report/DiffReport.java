package com.example.serverless.s3diff.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * The difference between one object version and the version written before it. Written as JSON to the report
 * bucket and summarised in the function's log.
 *
 * @param bucket               source bucket
 * @param key                  source key
 * @param status               what the comparison found
 * @param current              the version the event announced
 * @param previous             the version S3 lists just before it
 * @param text                 the line diff (text statuses only; its fields are written at the top level)
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
        @JsonUnwrapped TextChanges text,
        JsonSection json,
        String note,
        int deleteMarkers) {

    /** A report without a line diff: a verdict such as "binary" or "too large", with its note. */
    public static DiffReport verdict(
            String bucket,
            String key,
            DiffStatus status,
            VersionSummary current,
            VersionSummary previous,
            String note,
            int deleteMarkers) {
        return new DiffReport(bucket, key, status, current, previous, null, null, note, deleteMarkers);
    }

    /**
     * @param addedLines           lines only in {@code current}
     * @param removedLines         lines only in {@code previous}
     * @param unifiedDiff          unified diff with 3 lines of context, cut at the report limit
     * @param unifiedDiffTruncated whether {@code unifiedDiff} was cut
     */
    public record TextChanges(int addedLines, int removedLines, String unifiedDiff, boolean unifiedDiffTruncated) {}
}
