package com.example.serverless.secretsenv.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.serverless.secretsenv.SecretsEnvException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretsEnvConfigTest {

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("AWS_REGION", "eu-west-1"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void minimalConfiguration_usesTheDocumentedDefaults() {
        SecretsEnvConfig config = SecretsEnvConfig.fromEnvironment(env("SECRETS_ENV_SECRETS", "app/db"));

        assertThat(config.secrets()).containsExactly(new SecretRef("app/db", Optional.empty()));
        assertThat(config.region()).isEqualTo("eu-west-1");
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.prefix()).isEmpty();
        assertThat(config.failurePolicy()).isEqualTo(FailurePolicy.FAIL);
        assertThat(config.roleArn()).isEmpty();
        assertThat(config.refreshInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.staleOnError()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void versionStageOrVersionId_followTheIdAfterAQuestionMark_beforeAnyVariableName() {
        String versionId = "EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE";
        SecretsEnvConfig config = SecretsEnvConfig.fromEnvironment(env(
                "SECRETS_ENV_SECRETS",
                "app/db?versionStage=AWSPREVIOUS#OLD_PASSWORD, app/db?versionId=" + versionId + ", app/cfg"));

        assertThat(config.secrets())
                .containsExactly(
                        new SecretRef("app/db", Optional.of("OLD_PASSWORD"), SecretRef.Version.stage("AWSPREVIOUS")),
                        new SecretRef("app/db", Optional.empty(), SecretRef.Version.id(versionId)),
                        new SecretRef("app/cfg", Optional.empty()));
        assertThat(config.secrets().get(0).label()).isEqualTo("app/db?versionStage=AWSPREVIOUS");
        assertThat(config.secrets().get(2).version()).isEqualTo(SecretRef.Version.CURRENT);
    }

    @Test
    void badVersionSelectors_areRefusedNamingTheEntry() {
        for (String entry : new String[] {
            "app/db?stage=AWSPREVIOUS",
            "app/db?versionStage=",
            "app/db?versionId=short",
            "app/db?versionStage=A&versionId=EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE",
            "app/db?versionStage=a b"
        }) {
            assertThatThrownBy(() -> SecretsEnvConfig.fromEnvironment(env("SECRETS_ENV_SECRETS", entry)))
                    .as(entry)
                    .isInstanceOf(SecretsEnvException.class)
                    .hasMessageContaining("versionStage=<label> or ?versionId=<id>");
        }
    }

    @Test
    void severalSecrets_keepTheirOrder_andPlainStringsNameTheirVariable() {
        String arn = "arn:aws:secretsmanager:us-east-2:123456789012:secret:api-token-AbCdEf";
        SecretsEnvConfig config = SecretsEnvConfig.fromEnvironment(
                env("SECRETS_ENV_SECRETS", " app/db ,\n" + arn + "#API_TOKEN,, shared+x=y@z.1 "));

        assertThat(config.secrets())
                .containsExactly(
                        new SecretRef("app/db", Optional.empty()),
                        new SecretRef(arn, Optional.of("API_TOKEN")),
                        new SecretRef("shared+x=y@z.1", Optional.empty()));
        assertThat(config.secrets().get(1).arnRegion()).contains("us-east-2");
        assertThat(config.secrets().get(0).arnRegion()).isEmpty();
    }

    @Test
    void everyOptionIsRead() {
        SecretsEnvConfig config = SecretsEnvConfig.fromEnvironment(env(
                "SECRETS_ENV_SECRETS", "s",
                "SECRETS_ENV_ROLE_ARN", "arn:aws:iam::123456789012:role/reader",
                "SECRETS_ENV_EXTERNAL_ID", "ext-1",
                "SECRETS_ENV_REGION", "ap-south-1",
                "SECRETS_ENV_TIMEOUT_MS", "1500",
                "SECRETS_ENV_PREFIX", "APP_",
                "SECRETS_ENV_ON_FAILURE", "Continue",
                "SECRETS_ENV_NEXT_WRAPPER", "/opt/otel-instrument",
                "SECRETS_ENV_REFRESH_SECONDS", "60"));

        assertThat(config.roleArn()).contains("arn:aws:iam::123456789012:role/reader");
        assertThat(config.externalId()).contains("ext-1");
        assertThat(config.region()).isEqualTo("ap-south-1");
        assertThat(config.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.prefix()).isEqualTo("APP_");
        assertThat(config.failurePolicy()).isEqualTo(FailurePolicy.CONTINUE);
        assertThat(config.nextWrapper()).contains("/opt/otel-instrument");
        assertThat(config.refreshInterval()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void badValues_failNamingTheVariable() {
        assertThatThrownBy(() -> SecretsEnvConfig.fromEnvironment(env()))
                .isInstanceOf(SecretsEnvException.class)
                .hasMessageContaining("SECRETS_ENV_SECRETS is required");
        assertThatThrownBy(() -> SecretsEnvConfig.fromEnvironment(env("SECRETS_ENV_SECRETS", "a b")))
                .hasMessageContaining("SECRETS_ENV_SECRETS entry 'a b'");
        assertThatThrownBy(() -> SecretsEnvConfig.fromEnvironment(env("SECRETS_ENV_SECRETS", "s#1BAD")))
                .hasMessageContaining("invalid variable after '#'");
        assertThat(SecretsEnvConfig.fromEnvironment(env("SECRETS_ENV_SECRETS", "s", "SECRETS_ENV_TIMEOUT_MS", ""))
                        .timeout())
                .as("blank means default")
                .isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> SecretsEnvConfig.fromEnvironment(
                        env("SECRETS_ENV_SECRETS", "s", "SECRETS_ENV_TIMEOUT_MS", "5s")))
                .hasMessageContaining("SECRETS_ENV_TIMEOUT_MS is not a whole number");
        assertThatThrownBy(() -> SecretsEnvConfig.fromEnvironment(
                        env("SECRETS_ENV_SECRETS", "s", "SECRETS_ENV_TIMEOUT_MS", "10")))
                .hasMessageContaining("between 100 and 60000");
        assertThatThrownBy(() -> SecretsEnvConfig.fromEnvironment(
                        env("SECRETS_ENV_SECRETS", "s", "SECRETS_ENV_ON_FAILURE", "ignore")))
                .hasMessageContaining("SECRETS_ENV_ON_FAILURE must be 'fail' or 'continue'");
        assertThatThrownBy(() -> SecretsEnvConfig.fromEnvironment(
                        env("SECRETS_ENV_SECRETS", "s", "SECRETS_ENV_ROLE_ARN", "reader")))
                .hasMessageContaining("SECRETS_ENV_ROLE_ARN is not an IAM role ARN");
        assertThatThrownBy(() -> SecretsEnvConfig.fromEnvironment(
                        env("SECRETS_ENV_SECRETS", "s", "SECRETS_ENV_EXTERNAL_ID", "x")))
                .hasMessageContaining("SECRETS_ENV_ROLE_ARN is not");
        assertThatThrownBy(() ->
                        SecretsEnvConfig.fromEnvironment(env("SECRETS_ENV_SECRETS", "s", "SECRETS_ENV_PREFIX", "1X")))
                .hasMessageContaining("SECRETS_ENV_PREFIX");
        assertThatThrownBy(() -> SecretsEnvConfig.fromEnvironment(
                        env("SECRETS_ENV_SECRETS", "s", "SECRETS_ENV_NEXT_WRAPPER", "otel")))
                .hasMessageContaining("must be an absolute path");
        assertThat(SecretsEnvConfig.fromEnvironment(env("SECRETS_ENV_SECRETS", "s", "SECRETS_ENV_STALE_SECONDS", "0"))
                        .staleOnError())
                .as("zero: never serve stale")
                .isZero();
        assertThatThrownBy(() -> SecretsEnvConfig.fromEnvironment(
                        env("SECRETS_ENV_SECRETS", "s", "SECRETS_ENV_STALE_SECONDS", "86401")))
                .hasMessageContaining("SECRETS_ENV_STALE_SECONDS must be between 0 and 86400");
        Map<String, String> noRegion = new HashMap<>(Map.of("SECRETS_ENV_SECRETS", "s"));
        assertThatThrownBy(() -> SecretsEnvConfig.fromEnvironment(noRegion)).hasMessageContaining("no region");
    }
}
