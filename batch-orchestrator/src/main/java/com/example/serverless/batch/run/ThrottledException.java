package com.example.serverless.batch.run;

/**
 * DynamoDB kept leaving items unprocessed after the function's own backoff. Transient by nature: the chunk
 * workflow retries the whole chunk on this error name (see statemachines/batch-chunk.asl.json), which is safe
 * because every write of a chunk is keyed and idempotent.
 */
public class ThrottledException extends RuntimeException {

    public ThrottledException(String message) {
        super(message);
    }
}
