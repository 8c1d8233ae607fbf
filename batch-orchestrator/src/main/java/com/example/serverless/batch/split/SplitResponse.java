package com.example.serverless.batch.split;

import java.util.List;

/**
 * What the split step returns to the state machine: counts, the part numbers to map over and the run's delimiter
 * (so every chunk is read in the dialect it was written in). About 6 bytes per chunk: the split allows at most
 * MAX_CHUNKS (default 2,500, bounded by the inline Map's ~8 history events per chunk against the 25,000-event
 * execution limit), about 15 KB of the 256 KB state payload; keys and row counts stay in the manifest object.
 */
public record SplitResponse(
        String runId, long inputRows, int chunkCount, List<Integer> parts, String manifestKey, String delimiter) {}
