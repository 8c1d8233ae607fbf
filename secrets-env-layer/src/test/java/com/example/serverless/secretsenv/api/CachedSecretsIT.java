package com.example.serverless.secretsenv.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.serverless.secretsenv.aws.SecretsManagerSource;
import com.example.serverless.secretsenv.config.SecretsEnvConfig;
import com.example.serverless.testsupport.LocalAws;
import com.example.serverless.testsupport.LocalAwsTest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The in-process API over real HTTP: a rotated value is picked up after the refresh interval, not before. */
@LocalAwsTest
class CachedSecretsIT {

    @Test
    void rotatedValue_isServedAfterTheRefreshInterval(LocalAws aws) {
        // GIVEN a secret and a cache with a 1-second interval, driven by a clock the test moves
        SecretsManagerClient admin = aws.configure(SecretsManagerClient.builder()).build();
        String id = LocalAws.uniqueName("rotating");
        admin.createSecret(r -> r.name(id).secretString("{\"DB_PASSWORD\":\"first\"}"));
        SecretsEnvConfig config = SecretsEnvConfig.fromEnvironment(Map.of(
                "AWS_REGION", aws.region().id(), "SECRETS_ENV_SECRETS", id, "SECRETS_ENV_REFRESH_SECONDS", "1"));
        CachedSecretsTest.ManualClock clock = new CachedSecretsTest.ManualClock();
        CachedSecrets secrets = new CachedSecrets(config, SecretsManagerSource.opener(config,
                new SecretsManagerSource.ClientSettings(aws.credentials(), Optional.of(aws.endpoint()))), clock);
        assertThat(secrets.get("DB_PASSWORD")).isEqualTo("first");

        // WHEN the secret is rotated
        admin.putSecretValue(r -> r.secretId(id).secretString("{\"DB_PASSWORD\":\"second\"}"));

        // THEN the cached value holds until the interval has passed, then the new one is read
        assertThat(secrets.get("DB_PASSWORD")).isEqualTo("first");
        clock.now = clock.now.plus(Duration.ofSeconds(1));
        assertThat(secrets.get("DB_PASSWORD")).isEqualTo("second");
    }
}
