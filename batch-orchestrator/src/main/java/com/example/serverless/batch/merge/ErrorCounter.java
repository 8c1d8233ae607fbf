package com.example.serverless.batch.merge;

/** Counts the error rows recorded for a run, independently of what the chunks reported. */
@FunctionalInterface
public interface ErrorCounter {

    long count(String runId);
}
