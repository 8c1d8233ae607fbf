package com.example.serverless.batch.chunk;

import java.util.List;

/**
 * Where error rows go. Chunks are retried, and a retry may reject other rows than the failed attempt did (reference
 * data can change in between), so a chunk replaces its whole row range rather than adding to it.
 */
@FunctionalInterface
public interface RejectedRowSink {

    /**
     * Makes {@code rows} the only error rows of the run in data rows {@code firstRow..lastRow} (the chunk's range):
     * stale rows of an earlier attempt are removed, the others written (keyed by run and row number).
     */
    void replace(String runId, int part, long firstRow, long lastRow, List<RejectedRow> rows);
}
