package com.example.serverless.batch.run;

import com.example.serverless.common.retry.Backoff;
import java.time.Duration;

/**
 * How this module's DynamoDB batch calls retry the items DynamoDB leaves unprocessed (the SDK retries whole
 * failed requests, throttling errors included, but a 200 answer with {@code UnprocessedItems}/{@code
 * UnprocessedKeys} is a success to it). At most 8 attempts with full-jitter delays from 50 ms doubling up to 2 s:
 * at most about 5 s of waiting, well inside a chunk's timeout; then {@link ThrottledException}.
 */
public final class BatchBackoff {

    public static final Backoff UNPROCESSED = Backoff.fullJitter(8, Duration.ofMillis(50), Duration.ofSeconds(2));

    private BatchBackoff() {}
}
