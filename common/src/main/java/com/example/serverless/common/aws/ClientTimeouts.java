package com.example.serverless.common.aws;

import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts for one SDK client. The SDK's defaults are "no API call timeout", which lets a hanging endpoint eat the
 * whole function timeout; every client in the suite states its budget instead.
 *
 * @param connect     TCP connect timeout
 * @param socketRead  how long a single read may block
 * @param attempt     one HTTP attempt, retries excluded
 * @param call        the whole API call, retries included
 */
public record ClientTimeouts(Duration connect, Duration socketRead, Duration attempt, Duration call) {

    /** Small control-plane calls (DynamoDB, Step Functions, SNS, Secrets Manager). */
    public static final ClientTimeouts FAST = new ClientTimeouts(
            Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(15));

    /** Streaming object transfers (S3 GET/PUT of large bodies). */
    public static final ClientTimeouts STREAMING = new ClientTimeouts(
            Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(10));

    public ClientTimeouts {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(socketRead, "socketRead");
        Objects.requireNonNull(attempt, "attempt");
        Objects.requireNonNull(call, "call");
        if (attempt.compareTo(call) > 0) {
            throw new IllegalArgumentException("attempt timeout " + attempt + " exceeds call timeout " + call);
        }
    }
}
