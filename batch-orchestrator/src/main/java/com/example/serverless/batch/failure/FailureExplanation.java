package com.example.serverless.batch.failure;

/**
 * A caught failure in plain words.
 *
 * @param part         the chunk whose workflow failed, or null when the failure is not a chunk's
 * @param errorType    the exception class (or Step Functions error name) that ended the run
 * @param errorMessage its message, without stack trace
 */
public record FailureExplanation(Integer part, String errorType, String errorMessage) {

    /** What a person can do about it, chosen by the kind of error. */
    public String advice() {
        String type = errorType == null ? "" : errorType;
        if (type.endsWith("InvalidInputException")) {
            return "Fix the file as the error says and upload it again (a new upload starts a new run).";
        }
        if (type.endsWith("InvalidStepInputException")) {
            return "A step was handed a payload it does not accept (the field is named above), so nothing was"
                    + " processed on a guess. The state machines and the functions come from different deployments,"
                    + " or the run was started by hand with another input: deploy the stack again (sam deploy), then"
                    + " upload the file again.";
        }
        if (type.endsWith("RowCountMismatchException")) {
            return "The run's row counts did not add up, so nothing was published. Upload the file again; if it"
                    + " happens again, keep this message and the function logs (field runId) and report it.";
        }
        if (type.contains("Throttl") || type.contains("TooManyRequests") || type.contains("ThroughputExceeded")) {
            return "AWS throttled the run beyond its retries. Upload the file again later, or lower the"
                    + " BatchChunkConcurrency parameter, or raise the account's Lambda or DynamoDB limits.";
        }
        if (type.contains("Timeout") || type.contains("Timedout") || type.equals("Sandbox.Timedout")) {
            return "A step ran out of time. Lower the FileChunkSize parameter (smaller chunks) or raise the"
                    + " function's timeout, then upload the file again.";
        }
        if (type.contains("OutOfMemory")) {
            return "A step ran out of memory. Lower the FileChunkSize parameter or raise the function's memory,"
                    + " then upload the file again.";
        }
        return "This looks like an infrastructure or code error, not a problem with the file. Check the function"
                + " logs (field runId), then upload the file again to start a new run.";
    }
}
