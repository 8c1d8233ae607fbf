package com.example.serverless.s3diff.diff;

import java.time.Duration;

/** The diff did not finish within its time budget (very large, very different inputs). */
public final class DiffTooComplexException extends RuntimeException {

    public DiffTooComplexException(Duration budget) {
        super("line diff did not finish within " + budget.toMillis() + " ms", null, false, false);
    }
}
