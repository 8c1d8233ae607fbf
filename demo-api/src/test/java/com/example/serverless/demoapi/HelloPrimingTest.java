package com.example.serverless.demoapi;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/** Priming needs no network and no credentials: its Secrets Manager client answers offline. */
class HelloPrimingTest {

    @Test
    void priming_runsTheGreetingGuardAndSecretReadOffline() {
        assertThatCode(() -> new HelloPriming().prime()).doesNotThrowAnyException();
    }

    @Test
    void beforeCheckpoint_primesWithoutThrowing() {
        assertThatCode(() -> new HelloPriming().beforeCheckpoint(null)).doesNotThrowAnyException();
    }
}
