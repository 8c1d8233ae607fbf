package com.example.serverless.batch.run;

/**
 * The uploaded file cannot be processed as a whole (no header, missing columns, broken quoting). The run fails
 * with this message, the requester is notified with it, and the input stays where it was uploaded.
 */
public class InvalidInputException extends RuntimeException {

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
