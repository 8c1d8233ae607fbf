package com.example.serverless.s3diff;

import com.example.serverless.s3diff.report.DiffReport;

/**
 * What one check did.
 *
 * @param outcome        the path taken
 * @param reportKey      where the report is (null when none was due)
 * @param report         the report (null when none was due)
 * @param deletedVersions object versions removed by retention
 * @param deletedMarkers  delete markers removed by retention
 */
public record CheckResult(
        Outcome outcome, String reportKey, DiffReport report, int deletedVersions, int deletedMarkers) {

    public enum Outcome {
        /** A report was written for this version. */
        REPORTED,
        /** The report already existed (duplicate or retried event); nothing was rewritten. */
        REPORT_ALREADY_PRESENT,
        /** No earlier version of the key exists (a first version, or its predecessors were pruned): logged only. */
        NO_PREVIOUS_VERSION,
        /** The announced version no longer exists (deleted, or pruned after a later event): logged only. */
        VERSION_GONE,
        /**
         * The version or its predecessor was listed but gone when read (deleted meanwhile by a person, or by a
         * concurrent invocation after this diff was made elsewhere): logged, not a failure, so no retry storm.
         */
        VERSION_VANISHED,
        /** The key lies under the reserved report prefix: ignored (recursion guard). */
        SKIPPED_REPORT_KEY,
        /** The object carries the report marker: ignored (recursion guard). */
        SKIPPED_REPORT_MARKER,
        /** The key's suffix is not watched (the notification filters are wider than WATCHED_SUFFIXES). */
        SKIPPED_UNWATCHED_SUFFIX
    }

    static CheckResult skipped(Outcome outcome) {
        return new CheckResult(outcome, null, null, 0, 0);
    }
}
