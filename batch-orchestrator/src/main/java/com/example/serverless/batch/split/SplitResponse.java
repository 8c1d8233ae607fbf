package com.example.serverless.batch.split;

import java.util.List;

/**
 * What the split step returns to the state machine: counts, the part numbers to map over and the run's delimiter
 * (so every chunk is read in the dialect it was written in). About 6 bytes per chunk: 5,000 chunks (5 million
 * rows at the default 1,000 rows per chunk) take about 30 KB of the 256 KB state payload; keys and row counts
 * stay in the manifest object.
 */
public record SplitResponse(String runId, long inputRows, int chunkCount, List<Integer> parts, String manifestKey,
                            String delimiter) {
}
