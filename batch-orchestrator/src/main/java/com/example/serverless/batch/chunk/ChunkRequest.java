package com.example.serverless.batch.chunk;

/**
 * The chunk workflow's input: which run, which part of it, and the run's delimiter (from the split step).
 */
public record ChunkRequest(String runId, String bucket, int part, String delimiter) {}
