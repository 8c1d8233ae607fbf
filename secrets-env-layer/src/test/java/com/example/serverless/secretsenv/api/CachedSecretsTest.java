package com.example.serverless.secretsenv.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.serverless.secretsenv.SecretsEnvException;
import com.example.serverless.secretsenv.SecretsUnavailableException;
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
    private final CachedSecrets secrets = new CachedSecrets(
            SecretsEnvConfig.fromEnvironment(Map.of(
                    "AWS_REGION", "us-east-1", "SECRETS_ENV_SECRETS", "db", "SECRETS_ENV_REFRESH_SECONDS", "60")),
            store,
            clock);

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
        assertThatThrownBy(() -> secrets.get("NOPE"))
                .isInstanceOf(SecretsEnvException.class)
                .hasMessageContaining("no configured secret defines NOPE");
        assertThat(secrets.find("NOPE")).isEmpty();

        store.put("db", "{\"DB_PASSWORD\":null}");
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        assertThatThrownBy(() -> secrets.get("DB_PASSWORD")).hasMessageContaining("key 'DB_PASSWORD' is null");
    }

    @Test
    void theSourceIsOpenedOnce_andKeptAcrossRefreshes() {
        for (int i = 0; i < 5; i++) {
            secrets.get("DB_PASSWORD");
            clock.now = clock.now.plus(Duration.ofSeconds(60));
        }

        assertThat(store.reads).as("one read per refresh").hasSize(5);
        assertThat(store.opens)
                .as("one source (its clients, connections, role) for every refresh")
                .isEqualTo(1);
    }

    @Test
    void outage_servesTheLastGoodValue_untilTheStaleWindowEnds() {
        // GIVEN a value loaded at t=0 (refresh 60 s, stale 900 s by default), then Secrets Manager down
        SecretsUnavailableException outage = new SecretsUnavailableException("reading secret 'db' failed: down");
        assertThat(secrets.get("DB_PASSWORD")).isEqualTo("one");
        store.failure = outage;

        // THEN past its refresh the old value is served, and the source is asked again only after a pause
        clock.now = clock.now.plus(Duration.ofSeconds(60));
        assertThat(secrets.get("DB_PASSWORD")).isEqualTo("one");
        assertThat(store.reads).hasSize(2);
        clock.now = clock.now.plus(CachedSecrets.RETRY_AFTER_FAILURE.minusSeconds(1));
        assertThat(secrets.get("DB_PASSWORD")).isEqualTo("one");
        assertThat(store.reads).as("no new call within the pause").hasSize(2);
        clock.now = clock.now.plusSeconds(1);
        assertThat(secrets.get("DB_PASSWORD")).isEqualTo("one");
        assertThat(store.reads).hasSize(3);

        // AND once refresh + stale (60 + 900 s) has passed, the failure propagates
        clock.now = Instant.parse("2026-01-01T00:16:00Z");
        assertThatThrownBy(() -> secrets.get("DB_PASSWORD")).isSameAs(outage);

        // AND when Secrets Manager is back, the new value is read
        store.failure = null;
        store.put("db", "{\"DB_PASSWORD\":\"two\"}");
        assertThat(secrets.get("DB_PASSWORD")).isEqualTo("two");
    }

    @Test
    void outage_beforeAnythingWasLoaded_orWithStaleSecondsZero_propagatesAtOnce() {
        store.failure = new SecretsUnavailableException("down");
        assertThatThrownBy(() -> secrets.get("DB_PASSWORD")).isSameAs(store.failure);

        CachedSecrets strict = new CachedSecrets(
                SecretsEnvConfig.fromEnvironment(Map.of(
                        "AWS_REGION",
                        "us-east-1",
                        "SECRETS_ENV_SECRETS",
                        "db",
                        "SECRETS_ENV_REFRESH_SECONDS",
                        "60",
                        "SECRETS_ENV_STALE_SECONDS",
                        "0")),
                store,
                clock);
        store.failure = null;
        strict.get("DB_PASSWORD");
        store.failure = new SecretsUnavailableException("down");
        clock.now = clock.now.plus(Duration.ofSeconds(60));
        assertThatThrownBy(() -> strict.get("DB_PASSWORD")).isSameAs(store.failure);
    }

    @Test
    void refusal_isNeverServedStale() {
        secrets.get("DB_PASSWORD");
        store.failure = new SecretsEnvException("secret 'db' was not found in us-east-1");
        clock.now = clock.now.plus(Duration.ofSeconds(60));

        assertThatThrownBy(() -> secrets.get("DB_PASSWORD")).isSameAs(store.failure);
    }
}
