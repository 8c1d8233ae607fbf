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

        assertThat(loaded.variables())
                .containsExactly(
                        Map.entry("DB_HOST", "db.internal"), Map.entry("DB_USER", "admin"), Map.entry("EXTRA", "1"));
        assertThat(loaded.notices())
                .containsExactly("DB_USER from secret 'base' is replaced by secret 'override' (later secrets win)");
    }

    @Test
    void plainStringSecret_isExportedWholeUnderItsConfiguredName_withThePrefix() {
        store.put("token", "not json {").put("json-as-text", "{\"a\":1}");

        LoadedSecrets loaded =
                load("SECRETS_ENV_SECRETS", "token#API_TOKEN,json-as-text#RAW", "SECRETS_ENV_PREFIX", "APP_");

        assertThat(loaded.variables())
                .containsExactly(Map.entry("APP_API_TOKEN", "not json {"), Map.entry("APP_RAW", "{\"a\":1}"));
    }

    @Test
    void invalidAndReservedKeys_areAllReportedAtOnce_withoutValues() {
        store.put(
                "s",
                "{\"ok\":\"1\",\"bad-key\":\"v1\",\"AWS_SECRET_ACCESS_KEY\":\"v2\",\"PATH\":\"v3\","
                        + "\"9x\":\"v4\",\"NUL\":\"a\\u0000b\"}");

        assertThatThrownBy(() -> load("SECRETS_ENV_SECRETS", "s"))
                .isInstanceOf(SecretsEnvException.class)
                .hasMessageStartingWith("secret 's' has keys that cannot become environment variables")
                .hasMessageContaining("key 'bad-key' is not a valid variable name")
                .hasMessageContaining("key 'AWS_SECRET_ACCESS_KEY' would set reserved variable")
                .hasMessageContaining("key 'PATH' would set PATH, refused by default")
                .hasMessageContaining("key '9x' is not a valid")
                .hasMessageContaining("key 'NUL' has a value containing a NUL")
                .hasMessageNotContaining("v1")
                .hasMessageNotContaining("v2")
                .hasMessageNotContaining("v3");
    }

    @Test
    void prefix_makesOtherwiseReservedOrInvalidKeysExportable() {
        store.put("s", "{\"PATH\":\"/x\",\"1ST\":\"y\"}");

        assertThat(load("SECRETS_ENV_SECRETS", "s", "SECRETS_ENV_PREFIX", "APP_")
                        .variables())
                .containsExactly(Map.entry("APP_PATH", "/x"), Map.entry("APP_1ST", "y"));
    }

    @Test
    void chainKeyInASecret_namesTheNextWrapper_andIsNotExported() {
        store.put("s", "{\"AWS_LAMBDA_EXEC_WRAPPER\":\"/opt/otel-instrument\",\"K\":\"v\"}");

        LoadedSecrets fromSecret = load("SECRETS_ENV_SECRETS", "s");
        LoadedSecrets fromFunction = load("SECRETS_ENV_SECRETS", "s", "SECRETS_ENV_NEXT_WRAPPER", "/opt/mine");

        assertThat(fromSecret.variables()).containsOnlyKeys("K");
        assertThat(fromSecret.nextWrapper()).contains("/opt/otel-instrument");
        assertThat(fromFunction.nextWrapper())
                .as("the function's configuration wins")
                .contains("/opt/mine");
    }

    @Test
    void binaryAndMissingSecrets_failNamingTheSecret() {
        store.putBinary("keystore");

        assertThatThrownBy(() -> load("SECRETS_ENV_SECRETS", "keystore"))
                .hasMessage("secret 'keystore' holds binary data (SecretBinary); only SecretString secrets can "
                        + "become variables");
        assertThatThrownBy(() -> load("SECRETS_ENV_SECRETS", "nope")).hasMessageContaining("secret 'nope'");
    }

    @Test
    void namesThatChangeHowTheProcessRuns_areRefusedByDefault_namingEachKey() {
        store.put(
                "s",
                "{\"LD_DEBUG\":\"all\",\"LD_DEBUG_OUTPUT\":\"/tmp/x\",\"GLIBC_TUNABLES\":\"t\","
                        + "\"HTTPS_PROXY\":\"http://evil:3128\",\"no_proxy\":\"*\",\"TZ\":\"Asia/Tokyo\",\"LANG\":\"C\","
                        + "\"NODE_OPTIONS\":\"--require x\",\"JDK_JAVA_OPTIONS\":\"-javaagent:x\",\"_JAVA_OPTIONS\":\"-Dx\","
                        + "\"LD_LIBRARY_PATH\":\"/tmp\",\"HOSTALIASES\":\"/tmp/h\",\"DB_PASSWORD\":\"fine\"}");

        assertThatThrownBy(() -> load("SECRETS_ENV_SECRETS", "s"))
                .isInstanceOf(SecretsEnvException.class)
                .hasMessageContaining(
                        "key 'LD_DEBUG' would set LD_DEBUG, refused by default: the dynamic loader reads it")
                .hasMessageContaining("key 'LD_DEBUG_OUTPUT' would set LD_DEBUG_OUTPUT, refused by default")
                .hasMessageContaining("key 'GLIBC_TUNABLES' would set GLIBC_TUNABLES, refused by default")
                .hasMessageContaining("key 'HTTPS_PROXY' would set HTTPS_PROXY, refused by default")
                .hasMessageContaining("key 'no_proxy' would set no_proxy, refused by default")
                .hasMessageContaining("key 'TZ' would set TZ, refused by default: the Lambda runtime defines it")
                .hasMessageContaining("key 'LANG' would set LANG, refused by default")
                .hasMessageContaining("key 'NODE_OPTIONS' would set NODE_OPTIONS, refused by default")
                .hasMessageContaining("key 'JDK_JAVA_OPTIONS' would set JDK_JAVA_OPTIONS, refused by default")
                .hasMessageContaining("key '_JAVA_OPTIONS' would set reserved variable _JAVA_OPTIONS")
                .hasMessageContaining("key 'LD_LIBRARY_PATH' would set LD_LIBRARY_PATH, refused by default")
                .hasMessageContaining("key 'HOSTALIASES' would set HOSTALIASES, refused by default")
                .hasMessageContaining("SECRETS_ENV_ALLOW")
                .hasMessageNotContaining("DB_PASSWORD")
                .hasMessageNotContaining("evil");
    }

    @Test
    void allowList_optsInToNamesRefusedByDefault_exactNamesOnly() {
        store.put("s", "{\"TZ\":\"Asia/Tokyo\",\"HTTPS_PROXY\":\"http://proxy:3128\"}");

        assertThat(load("SECRETS_ENV_SECRETS", "s", "SECRETS_ENV_ALLOW", "TZ, HTTPS_PROXY")
                        .variables())
                .containsExactly(Map.entry("TZ", "Asia/Tokyo"), Map.entry("HTTPS_PROXY", "http://proxy:3128"));
        assertThatThrownBy(() -> load("SECRETS_ENV_SECRETS", "s", "SECRETS_ENV_ALLOW", "TZ"))
                .hasMessageContaining("key 'HTTPS_PROXY' would set HTTPS_PROXY, refused by default");
    }

    @Test
    void allowList_cannotOpenLambdasOwnOrTheLayersNames() {
        store.put("s", "{\"K\":\"v\"}");

        assertThatThrownBy(() -> load("SECRETS_ENV_SECRETS", "s", "SECRETS_ENV_ALLOW", "TZ,AWS_ACCESS_KEY_ID"))
                .isInstanceOf(SecretsEnvException.class)
                .hasMessageStartingWith("SECRETS_ENV_ALLOW lists AWS_ACCESS_KEY_ID, which no secret may set:");
    }

    @Test
    void placeholderDeclaredInTheFunctionConfiguration_makesARefusedNameReplaceable() {
        store.put("s", "{\"TZ\":\"Europe/Paris\",\"DB_PASSWORD\":\"pw\"}");

        LoadedSecrets loaded = load("SECRETS_ENV_SECRETS", "s", "TZ", SecretsEnvConfig.PLACEHOLDER);

        assertThat(loaded.variables()).containsEntry("TZ", "Europe/Paris");
        assertThatThrownBy(() -> load("SECRETS_ENV_SECRETS", "s", "TZ", ":UTC"))
                .as("Lambda's own value is not a placeholder")
                .hasMessageContaining("key 'TZ' would set TZ, refused by default");
    }

    @Test
    void placeholderThatNoSecretDefines_failsNamingIt() {
        store.put("s", "{\"DB_PASSWORD\":\"pw\"}");

        assertThatThrownBy(() -> load("SECRETS_ENV_SECRETS", "s", "API_KEY", SecretsEnvConfig.PLACEHOLDER))
                .isInstanceOf(SecretsEnvException.class)
                .hasMessage("API_KEY is declared in the function configuration as a placeholder ('"
                        + SecretsEnvConfig.PLACEHOLDER + "') but no configured secret defines it");
    }

    @Test
    void unpairedSurrogates_areRefusedNamingTheKey_inJsonAndWholeStringSecrets() {
        // JSON escapes (what a secret's text holds), and a decoded lone surrogate (what a SecretString can carry)
        store.put("json", "{\"GOOD\":\"\\ud83d\\udd10\",\"LONE_HIGH\":\"a\\ud800b\",\"LONE_LOW\":\"\\udc00\"}")
                .put("plain", "x\ud800");

        assertThatThrownBy(() -> load("SECRETS_ENV_SECRETS", "json"))
                .isInstanceOf(SecretsEnvException.class)
                .hasMessageContaining("key 'LONE_HIGH' has a value containing an unpaired UTF-16 surrogate")
                .hasMessageContaining("key 'LONE_LOW' has a value containing an unpaired UTF-16 surrogate")
                .hasMessageNotContaining("key 'GOOD'");
        assertThatThrownBy(() -> load("SECRETS_ENV_SECRETS", "plain#TOKEN"))
                .hasMessageContaining("key 'TOKEN' has a value containing an unpaired UTF-16 surrogate");
    }
}
