package com.example.serverless.secretsenv.convert;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"DB_PASSWORD", "a", "_x", "camelCase1", "X9_"})
    void portableIdentifiers_areValid(String name) {
        assertThat(EnvNames.isValid(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "9LIVES", "db-password", "a b", "x.y", "ÄRGER", "a=b", "$(id)", "x\ny"})
    void anythingElse_isInvalid(String name) {
        assertThat(EnvNames.isValid(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"AWS_ACCESS_KEY_ID", "AWS_REGION", "AWS_LAMBDA_EXEC_WRAPPER", "LAMBDA_TASK_ROOT",
            "_HANDLER", "_X_AMZN_TRACE_ID", "SECRETS_ENV_SECRETS", "PATH", "LD_PRELOAD", "JAVA_TOOL_OPTIONS",
            "BASH_ENV", "BASH_FUNC_x"})
    void lambdaRuntimeAndLoaderVariables_areReserved(String name) {
        assertThat(EnvNames.reservedReason(name)).isPresent();
    }

    @Test
    void ordinaryNames_areNotReserved() {
        assertThat(EnvNames.reservedReason("DB_PASSWORD")).isEmpty();
        assertThat(EnvNames.reservedReason("TZ")).isEmpty();
        assertThat(EnvNames.reservedReason("AWSOME")).isEmpty();
    }

    @Test
    void printable_escapesControlCharactersAndCutsLongKeys() {
        assertThat(EnvNames.printable("a\nb\u0000")).isEqualTo("a\\u000ab\\u0000");
        assertThat(EnvNames.printable("k".repeat(100))).hasSize(83).endsWith("...");
    }
}
