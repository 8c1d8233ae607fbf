package com.example.serverless.secretsenv.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TlsWarmUpTest {

    @AfterEach
    void clearSwitch() {
        System.clearProperty(TlsWarmUp.SWITCH);
    }

    @Test
    void warmUpBuildsTheDefaultContextAndProducesAClientHello() {
        // false would mean the warm-up silently does nothing (and the fetcher pays the TLS start-up in line again)
        assertThat(TlsWarmUp.warmUp()).isTrue();
    }

    @Test
    void startsADaemonThreadThatFinishesOnItsOwn() throws InterruptedException {
        Thread thread = TlsWarmUp.start();

        assertThat(thread).isNotNull();
        assertThat(thread.isDaemon())
                .as("must never keep the fetcher's JVM alive")
                .isTrue();
        thread.join(30_000);
        assertThat(thread.isAlive()).isFalse();
    }

    @Test
    void theSystemPropertySwitchesItOff() {
        System.setProperty(TlsWarmUp.SWITCH, "false");

        assertThat(TlsWarmUp.start()).isNull();
        assertThat(SecretSources.startTlsWarmUp(Map.of())).isFalse();
    }

    @Test
    void startsForAwsEndpointsAndHttpsOverridesButNotForPlainHttp() {
        assertThat(SecretSources.startTlsWarmUp(Map.of())).isTrue();
        assertThat(SecretSources.startTlsWarmUp(Map.of("AWS_ENDPOINT_URL", "https://vpce.example:443")))
                .isTrue();
        assertThat(SecretSources.startTlsWarmUp(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:5000")))
                .isFalse();
        assertThat(SecretSources.startTlsWarmUp(Map.of(
                        "AWS_ENDPOINT_URL_SECRETS_MANAGER",
                        "http://127.0.0.1:5000",
                        "AWS_ENDPOINT_URL",
                        "https://ignored.example")))
                .isFalse();
        // the override is ignored, so the real (HTTPS) endpoint is used
        assertThat(SecretSources.startTlsWarmUp(Map.of(
                        "AWS_ENDPOINT_URL", "http://127.0.0.1:5000", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")))
                .isTrue();
        // a malformed URL is the load's error to report; the warm-up neither throws nor decides anything from it
        assertThat(SecretSources.startTlsWarmUp(Map.of("AWS_ENDPOINT_URL", "http://bad host")))
                .isTrue();
    }
}
