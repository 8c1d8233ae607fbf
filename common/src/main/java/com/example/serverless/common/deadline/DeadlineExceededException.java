package com.example.serverless.common.deadline;

/**
 * The work stopped on its own before the Lambda timeout. A distinct type (not a timeout, not a crash): the handler
 * counts it as {@code DeadlineExceeded}, flushes its metrics and rethrows it, so Lambda reports this class as the
 * invocation's error type and Step Functions can match it by name.
 */
public final class DeadlineExceededException extends RuntimeException {

    private final String stage;

    public DeadlineExceededException(String stage, long remainingMillis, long marginMillis) {
        super("deadline exceeded: stopped at " + stage + " with " + Math.max(0, remainingMillis)
                + " ms left before the function timeout (safety margin " + marginMillis + " ms)");
        this.stage = stage;
    }

    /** Where the work stopped (e.g. {@code "chunk row"}, {@code "merge part"}). */
    public String stage() {
        return stage;
    }
}
