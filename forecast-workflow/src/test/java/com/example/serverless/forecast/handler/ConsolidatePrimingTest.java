package com.example.serverless.forecast.handler;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/** Priming consolidates one export with no network and no credentials (its S3 client answers offline). */
class ConsolidatePrimingTest {

    @Test
    void priming_consolidatesAnExportOffline() {
        assertThatCode(() -> new ConsolidatePriming().prime()).doesNotThrowAnyException();
    }
}
