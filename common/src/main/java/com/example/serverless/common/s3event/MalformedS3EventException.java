package com.example.serverless.common.s3event;

import java.util.List;

/**
 * An S3 notification that cannot be processed as it is: every problem of every record, each naming the record's
 * index and the field. Retrying does not help; the invocation fails so the event goes to the function's on-failure
 * destination untouched, and no record of it was processed.
 */
public class MalformedS3EventException extends IllegalArgumentException {

    private final List<String> problems;

    public MalformedS3EventException(List<String> problems) {
        super("malformed S3 notification: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
