package com.example.serverless.batch.chunk;

/** The accounting of one chunk: every input row is either an output row or an error row. */
public record ChunkCounts(int part, int inputRows, int outputRows, int errorRows) {

    public ChunkCounts {
        if (inputRows != outputRows + errorRows) {
            throw new IllegalStateException("chunk " + part + " lost rows: " + inputRows + " in, " + outputRows
                    + " out, " + errorRows + " errors");
        }
    }
}
