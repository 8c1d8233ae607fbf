package com.example.serverless.s3diff.guard;

import java.util.Map;

/**
 * Keeps the function from reacting to its own output. The template already prevents it structurally: reports go
 * to a separate bucket that has no notifications, and the function may not write to the watched bucket. These
 * checks hold even if that wiring is changed (the report bucket pointed at the watched bucket, a report copied
 * back): keys under the reserved report prefix are ignored without a request, and any object carrying the report
 * marker ({@code x-amz-meta-diff-checker-report: true}, seen on the HEAD the checker makes anyway) is ignored.
 */
public final class RecursionGuard {

    /** User metadata name (S3 stores it as {@code x-amz-meta-diff-checker-report}). */
    public static final String MARKER_NAME = "diff-checker-report";

    public static final String MARKER_VALUE = "true";

    private final String reportPrefix;

    public RecursionGuard(String reportPrefix) {
        this.reportPrefix = reportPrefix;
    }

    public boolean isReportKey(String key) {
        return key.startsWith(reportPrefix);
    }

    public boolean carriesReportMarker(Map<String, String> metadata) {
        return MARKER_VALUE.equalsIgnoreCase(metadata.get(MARKER_NAME));
    }
}
