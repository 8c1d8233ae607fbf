package com.example.serverless.s3diff.handler;

import com.example.serverless.common.metrics.FunctionMetrics;
import com.example.serverless.s3diff.CheckResult;

/** One check's outcome as metrics: a count per outcome (the names the dashboards and alarms use). */
final class CheckMetrics {

    private CheckMetrics() {}

    static void record(FunctionMetrics metrics, CheckResult result, double millis) {
        metrics.count(name(result), 1);
        if (result.outcome() == CheckResult.Outcome.REPORTED) {
            metrics.count("VersionsReported", 1);
            metrics.milliseconds("DiffTime", millis);
        }
        if (result.deletedVersions() > 0) {
            metrics.count("VersionsDeleted", result.deletedVersions());
        }
        if (result.deletedMarkers() > 0) {
            metrics.count("DeleteMarkersDeleted", result.deletedMarkers());
        }
    }

    /** Reported versions are counted once more by what the comparison found. */
    private static String name(CheckResult result) {
        return switch (result.outcome()) {
            case REPORTED ->
                switch (result.report().status()) {
                    case CHANGED -> "VersionsChanged";
                    case IDENTICAL -> "VersionsUnchanged";
                    case NOT_TEXT -> "VersionsNotText";
                    case TOO_LARGE, TOO_MANY_LINES -> "VersionsTooLarge";
                    case TOO_COMPLEX -> "VersionsTooComplex";
                };
            case REPORT_ALREADY_PRESENT -> "VersionsAlreadyReported";
            case NO_PREVIOUS_VERSION -> "VersionsFirst";
            case VERSION_GONE, VERSION_VANISHED -> "VersionsGone";
            case SKIPPED_REPORT_KEY, SKIPPED_REPORT_MARKER, SKIPPED_UNWATCHED_SUFFIX -> "VersionsSkipped";
        };
    }
}
