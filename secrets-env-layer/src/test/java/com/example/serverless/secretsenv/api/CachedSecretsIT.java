package com.example.serverless.secretsenv.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.serverless.secretsenv.SecretsUnavailableException;
import com.example.serverless.secretsenv.aws.SecretSource;
import com.example.serverless.secretsenv.aws.SecretsManagerSource;
import com.example.serverless.secretsenv.config.SecretsEnvConfig;
import com.example.serverless.secretsenv.process.InterceptingProxy;
import com.example.serverless.testsupport.LocalAws;
import com.example.serverless.testsupport.LocalAwsTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The in-process API over real HTTP (moto), with a proxy in front that can fail or hang: a rotated value is picked
 * up after the refresh interval with the same client, and an outage is bridged by the last good value for the
 * configured stale window only.
 */
@LocalAwsTest
class CachedSecretsIT {

    private final CachedSecretsTest.ManualClock clock = new CachedSecretsTest.ManualClock();

    private static String secretWith(LocalAws aws, String password) {
        SecretsManagerClient admin =
                aws.configure(SecretsManagerClient.builder()).build();
        String id = LocalAws.uniqueName("rotating");
        admin.createSecret(r -> r.name(id).secretString("{\"DB_PASSWORD\":\"" + password + "\"}"));
        return id;
    }

    private static void rotate(LocalAws aws, String id, String password) {
        try (SecretsManagerClient admin =
                aws.configure(SecretsManagerClient.builder()).build()) {
            admin.putSecretValue(r -> r.secretId(id).secretString("{\"DB_PASSWORD\":\"" + password + "\"}"));
        }
    }

    @Test
    void rotatedValues_areServedAfterTheRefreshInterval_byTheSameClient(LocalAws aws) {
        // GIVEN a secret and a cache with a 1-second interval, driven by a clock the test moves
        String id = secretWith(aws, "first");
        SecretsEnvConfig config = SecretsEnvConfig.fromEnvironment(
                Map.of("AWS_REGION", aws.region().id(), "SECRETS_ENV_SECRETS", id, "SECRETS_ENV_REFRESH_SECONDS", "1"));
        List<SecretsManagerSource> opened = new ArrayList<>();
        SecretSource.Opener opener = timeout -> {
            SecretsManagerSource source = SecretsManagerSource.longLived(
                    config, new SecretsManagerSource.ClientSettings(aws.credentials(), Optional.of(aws.endpoint())));
            opened.add(source);
            return source;
        };
        CachedSecrets secrets = new CachedSecrets(config, opener, clock);
        assertThat(secrets.get("DB_PASSWORD")).isEqualTo("first");

        // WHEN the secret is rotated, three times
        for (String next : List.of("second", "third", "fourth")) {
            String before = secrets.get("DB_PASSWORD");
            rotate(aws, id, next);

            // THEN the cached value holds until the interval has passed, then the new one is read
            assertThat(secrets.get("DB_PASSWORD")).isEqualTo(before);
            clock.now = clock.now.plus(Duration.ofSeconds(1));
            assertThat(secrets.get("DB_PASSWORD")).isEqualTo(next);
        }

        // AND every refresh went through the one source and its one client (no new HTTP client, no new handshake)
        assertThat(opened).hasSize(1);
        assertThat(opened.get(0).clientsBuilt()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(
            value = InterceptingProxy.Mode.class,
            names = {"HANG", "THROTTLE"})
    void outage_isBridgedByTheLastGoodValue_forTheStaleWindowOnly(InterceptingProxy.Mode outage, LocalAws aws)
            throws Exception {
        // GIVEN a value read through a proxy to moto (refresh 60 s, stale 120 s, budget 1 s)
        String id = secretWith(aws, "first");
        try (InterceptingProxy proxy = new InterceptingProxy(aws.endpoint(), InterceptingProxy.Mode.FORWARD)) {
            SecretsEnvConfig config = SecretsEnvConfig.fromEnvironment(Map.of(
                    "AWS_REGION",
                    aws.region().id(),
                    "SECRETS_ENV_SECRETS",
                    id,
                    "SECRETS_ENV_REFRESH_SECONDS",
                    "60",
                    "SECRETS_ENV_STALE_SECONDS",
                    "120",
                    "SECRETS_ENV_TIMEOUT_MS",
                    "1000"));
            CachedSecrets secrets = new CachedSecrets(
                    config,
                    timeout -> SecretsManagerSource.longLived(
                            config,
                            new SecretsManagerSource.ClientSettings(aws.credentials(), Optional.of(proxy.endpoint()))),
                    clock);
            assertThat(secrets.get("DB_PASSWORD")).isEqualTo("first");

            // WHEN Secrets Manager stops answering (or throttles every call) past the refresh interval
            proxy.setMode(outage);
            clock.now = clock.now.plus(Duration.ofSeconds(60));

            // THEN the last good value is served, and within the retry pause no call is made
            assertThat(secrets.get("DB_PASSWORD")).isEqualTo("first");
            int calls = proxy.seen.size();
            clock.now = clock.now.plus(Duration.ofSeconds(5));
            assertThat(secrets.get("DB_PASSWORD")).isEqualTo("first");
            assertThat(proxy.seen).hasSize(calls);

            // AND once refresh + stale (180 s) has passed, the outage is reported
            clock.now = clock.now.plus(Duration.ofSeconds(115));
            assertThatThrownBy(() -> secrets.get("DB_PASSWORD"))
                    .isInstanceOf(SecretsUnavailableException.class)
                    .hasMessageContaining(id)
                    .hasMessageNotContaining("first");

            // AND when it answers again, the current value is read
            rotate(aws, id, "second");
            proxy.setMode(InterceptingProxy.Mode.FORWARD);
            assertThat(secrets.get("DB_PASSWORD")).isEqualTo("second");
        }
    }
}
