package com.example.serverless.batch.merge;

/** Rows went missing or appeared between split and merge; the run fails rather than publish a wrong file. */
public class RowCountMismatchException extends RuntimeException {

    public RowCountMismatchException(String message) {
        super(message);
    }
}
