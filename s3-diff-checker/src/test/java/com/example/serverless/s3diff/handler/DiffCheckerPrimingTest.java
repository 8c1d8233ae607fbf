package com.example.serverless.s3diff.handler;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/** Priming runs a whole text and JSON check with no network and no credentials (its S3 client answers offline). */
class DiffCheckerPrimingTest {

    @Test
    void priming_runsAFullTextAndJsonCheckOffline() {
        assertThatCode(() -> new DiffCheckerPriming().prime()).doesNotThrowAnyException();
    }

    @Test
    void beforeCheckpoint_primesWithoutThrowing() {
        assertThatCode(() -> new DiffCheckerPriming().beforeCheckpoint(null)).doesNotThrowAnyException();
    }
}
