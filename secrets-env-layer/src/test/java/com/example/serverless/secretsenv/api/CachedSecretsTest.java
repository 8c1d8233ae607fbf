package com.example.serverless.secretsenv.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.serverless.secretsenv.SecretsEnvException;
import com.example.serverless.secretsenv.config.SecretsEnvConfig;
import com.example.serverless.secretsenv.load.InMemorySecrets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CachedSecretsTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final InMemorySecrets store = new InMemorySecrets().put("db", "{\"DB_PASSWORD\":\"one\"}");
    private final ManualClock clock = new ManualClock();
    private final CachedSecrets secrets = new CachedSecrets(SecretsEnvConfig.fromEnvironment(Map.of(
            "AWS_REGION", "us-east-1", "SECRETS_ENV_SECRETS", "db", "SECRETS_ENV_REFRESH_SECONDS", "60")),
            store, clock);

    @Test
    void valuesAreCachedWithinTheInterval_andReloadedAfterIt() {
        assertThat(store.opens).as("lazy: nothing read at construction").isZero();
        assertThat(secrets.get("DB_PASSWORD")).isEqualTo("one");

        store.put("db", "{\"DB_PASSWORD\":\"two\"}"); // rotated
        clock.now = clock.now.plus(Duration.ofSeconds(59));
        assertThat(secrets.get("DB_PASSWORD")).isEqualTo("one");
        assertThat(store.reads).hasSize(1);

        clock.now = clock.now.plus(Duration.ofSeconds(1));
        assertThat(secrets.get("DB_PASSWORD")).isEqualTo("two");
        assertThat(store.reads).hasSize(2);
    }

    @Test
    void invalidate_forcesTheNextReadToLoad() {
        secrets.get("DB_PASSWORD");
        store.put("db", "{\"DB_PASSWORD\":\"two\"}");

        secrets.invalidate();

        assertThat(secrets.get("DB_PASSWORD")).isEqualTo("two");
    }

    @Test
    void unknownName_failsNamingIt_andAFailedRefreshPropagates() {
        assertThatThrownBy(() -> secrets.get("NOPE")).isInstanceOf(SecretsEnvException.class)
                .hasMessageContaining("no configured secret defines NOPE");
        assertThat(secrets.find("NOPE")).isEmpty();

        store.put("db", "{\"DB_PASSWORD\":null}");
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        assertThatThrownBy(() -> secrets.get("DB_PASSWORD")).hasMessageContaining("key 'DB_PASSWORD' is null");
    }
}
