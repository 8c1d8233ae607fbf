package com.example.serverless.secretsenv.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.serverless.secretsenv.SecretsEnvException;
import com.example.serverless.secretsenv.config.SecretsEnvConfig;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretLoaderTest {

    private final InMemorySecrets store = new InMemorySecrets();

    private LoadedSecrets load(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("AWS_REGION", "us-east-1"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return new SecretLoader(SecretsEnvConfig.fromEnvironment(env), store, Clock.systemUTC()).load();
    }

    @Test
    void laterSecrets_replaceEarlierKeys_andSayWhich() {
        store.put("base", "{\"DB_HOST\":\"db.internal\",\"DB_USER\":\"app\"}")
                .put("override", "{\"DB_USER\":\"admin\",\"EXTRA\":\"1\"}");

        LoadedSecrets loaded = load("SECRETS_ENV_SECRETS", "base,override");

        assertThat(loaded.variables()).containsExactly(
                Map.entry("DB_HOST", "db.internal"), Map.entry("DB_USER", "admin"), Map.entry("EXTRA", "1"));
        assertThat(loaded.notices()).containsExactly(
                "DB_USER from secret 'base' is replaced by secret 'override' (later secrets win)");
    }

    @Test
    void plainStringSecret_isExportedWholeUnderItsConfiguredName_withThePrefix() {
        store.put("token", "not json {").put("json-as-text", "{\"a\":1}");

        LoadedSecrets loaded = load("SECRETS_ENV_SECRETS", "token#API_TOKEN,json-as-text#RAW",
                "SECRETS_ENV_PREFIX", "APP_");

        assertThat(loaded.variables()).containsExactly(
                Map.entry("APP_API_TOKEN", "not json {"), Map.entry("APP_RAW", "{\"a\":1}"));
    }

    @Test
    void invalidAndReservedKeys_areAllReportedAtOnce_withoutValues() {
        store.put("s", "{\"ok\":\"1\",\"bad-key\":\"v1\",\"AWS_SECRET_ACCESS_KEY\":\"v2\",\"PATH\":\"v3\","
                + "\"9x\":\"v4\",\"NUL\":\"a\\u0000b\"}");

        assertThatThrownBy(() -> load("SECRETS_ENV_SECRETS", "s"))
                .isInstanceOf(SecretsEnvException.class)
                .hasMessageStartingWith("secret 's' has keys that cannot become environment variables")
                .hasMessageContaining("key 'bad-key' is not a valid variable name")
                .hasMessageContaining("key 'AWS_SECRET_ACCESS_KEY' would set reserved variable")
                .hasMessageContaining("key 'PATH' would set reserved variable PATH")
                .hasMessageContaining("key '9x' is not a valid")
                .hasMessageContaining("key 'NUL' has a value containing a NUL")
                .hasMessageNotContaining("v1").hasMessageNotContaining("v2").hasMessageNotContaining("v3");
    }

    @Test
    void prefix_makesOtherwiseReservedOrInvalidKeysExportable() {
        store.put("s", "{\"PATH\":\"/x\",\"1ST\":\"y\"}");

        assertThat(load("SECRETS_ENV_SECRETS", "s", "SECRETS_ENV_PREFIX", "APP_").variables())
                .containsExactly(Map.entry("APP_PATH", "/x"), Map.entry("APP_1ST", "y"));
    }

    @Test
    void chainKeyInASecret_namesTheNextWrapper_andIsNotExported() {
        store.put("s", "{\"AWS_LAMBDA_EXEC_WRAPPER\":\"/opt/otel-instrument\",\"K\":\"v\"}");

        LoadedSecrets fromSecret = load("SECRETS_ENV_SECRETS", "s");
        LoadedSecrets fromFunction = load("SECRETS_ENV_SECRETS", "s", "SECRETS_ENV_NEXT_WRAPPER", "/opt/mine");

        assertThat(fromSecret.variables()).containsOnlyKeys("K");
        assertThat(fromSecret.nextWrapper()).contains("/opt/otel-instrument");
        assertThat(fromFunction.nextWrapper()).as("the function's configuration wins").contains("/opt/mine");
    }

    @Test
    void binaryAndMissingSecrets_failNamingTheSecret() {
        store.putBinary("keystore");

        assertThatThrownBy(() -> load("SECRETS_ENV_SECRETS", "keystore"))
                .hasMessage("secret 'keystore' holds binary data (SecretBinary); only SecretString secrets can "
                        + "become variables");
        assertThatThrownBy(() -> load("SECRETS_ENV_SECRETS", "nope")).hasMessageContaining("secret 'nope'");
    }
}
