package com.example.serverless.canary.check;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

class CanaryPrimingTest {

    @Test
    void prime_runsTheAnswerChecksWithoutNetwork() {
        // the base URL is never contacted: prime() only builds a request and judges canned answers
        assertThatCode(() -> new CanaryPriming().prime()).doesNotThrowAnyException();
    }
}
