package com.example.serverless.s3diff.report;

/** What the comparison of a version with its predecessor found. */
public enum DiffStatus {
    /** Text that differs: counts and unified diff are present. */
    CHANGED,
    /** Same ETag, or the same lines (the bytes may differ only in line terminators). */
    IDENTICAL,
    /** One side is binary or not valid UTF-8: reported by size and ETag. */
    NOT_TEXT,
    /** One side has more lines than the line cap (scaled with the size limit): reported by size and ETag. */
    TOO_MANY_LINES,
    /** One side is above the size limit: reported by size and ETag without downloading. */
    TOO_LARGE,
    /** The line diff did not finish within its time budget. */
    TOO_COMPLEX
}
