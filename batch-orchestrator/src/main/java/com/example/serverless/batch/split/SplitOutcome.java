package com.example.serverless.batch.split;

import java.util.List;

/** What streaming through one input produced: its header, how many data rows, and the rows of each chunk. */
public record SplitOutcome(List<String> header, long inputRows, List<Integer> chunkRows) {}
