package com.example.serverless.batch.chunk;

import java.util.List;

/** Where error rows go; writes must be idempotent (keyed by run and row number) because chunks are retried. */
@FunctionalInterface
public interface RejectedRowSink {

    void record(String runId, int part, List<RejectedRow> rows);
}
