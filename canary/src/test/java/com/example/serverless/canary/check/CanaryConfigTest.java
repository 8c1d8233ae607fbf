package com.example.serverless.canary.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.serverless.common.config.Env;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanaryConfigTest {

    @Test
    void acceptMode_asksForEachVersionByMediaType_thenForAMissingOne() {
        CanaryConfig config = CanaryConfig.from(new Env(Map.of("CANARY_BASE_URL", "https://d1.cloudfront.net/")));

        assertThat(config.baseUrl()).hasToString("https://d1.cloudfront.net");
        assertThat(config.path()).isEqualTo("/hello");
        assertThat(config.checks())
                .containsExactly(
                        new Check("v1", "Accept", "application/vnd.example.v1+json", new Expectation.ServedBy("v1")),
                        new Check("v2", "Accept", "application/vnd.example.v2+json", new Expectation.ServedBy("v2")),
                        new Check(
                                "missing-version",
                                "Accept",
                                "application/vnd.example.v999+json",
                                new Expectation.Refused(403, "The requested API version does not exist.")));
    }

    @Test
    void customHeaderMode_sendsThePlainToken() {
        CanaryConfig config = CanaryConfig.from(new Env(Map.of(
                "CANARY_BASE_URL", "https://d1.cloudfront.net",
                "CANARY_VERSION_HEADER", "APIVER",
                "CANARY_VERSIONS", "V2",
                "CANARY_MISSING_VERSION", "v0")));

        assertThat(config.checks())
                .extracting(Check::header, Check::value)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("APIVER", "v2"),
                        org.assertj.core.groups.Tuple.tuple("APIVER", "v0"));
    }

    @Test
    void badConfiguration_failsNamingTheVariable() {
        assertThatThrownBy(() -> CanaryConfig.from(new Env(Map.of()))).hasMessageContaining("CANARY_BASE_URL");
        assertThatThrownBy(() -> CanaryConfig.from(new Env(Map.of("CANARY_BASE_URL", "ftp://x"))))
                .hasMessageContaining("CANARY_BASE_URL");
        assertThatThrownBy(() -> CanaryConfig.from(
                        new Env(Map.of("CANARY_BASE_URL", "https://x", "CANARY_MISSING_VERSION", "v1"))))
                .hasMessageContaining("CANARY_MISSING_VERSION");
        assertThatThrownBy(() -> CanaryConfig.from(
                        new Env(Map.of("CANARY_BASE_URL", "https://x", "CANARY_VERSIONS", "v1,not a version"))))
                .hasMessageContaining("CANARY_VERSIONS");
        assertThatThrownBy(() ->
                        CanaryConfig.from(new Env(Map.of("CANARY_BASE_URL", "https://x", "CANARY_PATH", "hello"))))
                .hasMessageContaining("CANARY_PATH");
    }
}
