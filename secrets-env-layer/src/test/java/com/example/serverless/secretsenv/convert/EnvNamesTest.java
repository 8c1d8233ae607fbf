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
    @ValueSource(
            strings = {
                "AWS_ACCESS_KEY_ID",
                "AWS_REGION",
                "AWS_LAMBDA_EXEC_WRAPPER",
                "LAMBDA_TASK_ROOT",
                "_HANDLER",
                "_X_AMZN_TRACE_ID",
                "_JAVA_OPTIONS",
                "SECRETS_ENV_SECRETS",
                "BASH_ENV",
                "BASH_FUNC_x",
                "IFS"
            })
    void lambdasOwnTheLayersAndBashStartUpNames_areReserved(String name) {
        assertThat(EnvNames.reservedReason(name)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "LD_PRELOAD",
                "LD_DEBUG",
                "LD_DEBUG_OUTPUT",
                "LD_AUDIT",
                "LD_LIBRARY_PATH",
                "GLIBC_TUNABLES",
                "MALLOC_ARENA_MAX",
                "LC_ALL",
                "LANGUAGE",
                "HOSTALIASES",
                "RES_OPTIONS",
                "LOCALDOMAIN",
                "TMPDIR",
                "HTTPS_PROXY",
                "https_proxy",
                "HTTP_PROXY",
                "NO_PROXY",
                "no_proxy",
                "ALL_PROXY",
                "Ftp_Proxy",
                "SSL_CERT_FILE",
                "JAVA_TOOL_OPTIONS",
                "JDK_JAVA_OPTIONS",
                "CLASSPATH",
                "JAVA_HOME",
                "NODE_OPTIONS",
                "NODE_EXTRA_CA_CERTS",
                "PYTHONPATH",
                "PYTHONWARNINGS",
                "PATH",
                "TZ",
                "LANG",
                "HOME",
                "PERL5OPT"
            })
    void loaderLibcProxyRuntimeAndLambdaDefinedNames_areRefusedByDefault(String name) {
        assertThat(EnvNames.reservedReason(name))
                .as("not reserved: the function may opt in")
                .isEmpty();
        assertThat(EnvNames.refusedByDefaultReason(name)).isPresent();
    }

    @Test
    void ordinaryNames_areNeitherReservedNorRefused() {
        for (String name : new String[] {"DB_PASSWORD", "AWSOME", "LDAP_URL", "PROXY_HOST", "TZ_NAME", "API_KEY"}) {
            assertThat(EnvNames.reservedReason(name)).as(name).isEmpty();
            assertThat(EnvNames.refusedByDefaultReason(name)).as(name).isEmpty();
        }
    }

    @Test
    void printable_escapesControlCharactersAndCutsLongKeys() {
        assertThat(EnvNames.printable("a\nb\u0000")).isEqualTo("a\\u000ab\\u0000");
        assertThat(EnvNames.printable("k".repeat(100))).hasSize(83).endsWith("...");
    }
}
