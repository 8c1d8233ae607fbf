package com.example.serverless.secretsenv.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.serverless.secretsenv.SecretsEnvException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretFlattenerTest {

    @Test
    void scalarValues_becomeTheirTextExactlyAsWritten() {
        Map<String, String> entries = SecretFlattener.flatten(
                "s",
                "{\"S\":\"a \\\"quoted\\\" \\n line\",\"I\":42,\"F\":1.50,\"E\":1e400,\"T\":true,\"N\":false,\"U\":\"\\u00e9\"}");

        assertThat(entries)
                .containsExactly(
                        Map.entry("S", "a \"quoted\" \n line"),
                        Map.entry("I", "42"),
                        Map.entry("F", "1.50"),
                        Map.entry("E", "1e400"),
                        Map.entry("T", "true"),
                        Map.entry("N", "false"),
                        Map.entry("U", "é"));
    }

    @Test
    void nestedObjectsAndArrays_becomeCompactJsonText() {
        Map<String, String> entries =
                SecretFlattener.flatten("s", "{ \"O\" : { \"a\" : [ 1 , \"x\" , null ] , \"b\" : { } }, \"A\": [] }");

        assertThat(entries).containsExactly(Map.entry("O", "{\"a\":[1,\"x\",null],\"b\":{}}"), Map.entry("A", "[]"));
    }

    @Test
    void keysAreReturnedAsIs_forTheLoaderToValidate() {
        assertThat(SecretFlattener.flatten("s", "{\"bad-key\":\"v\",\"\":\"w\"}"))
                .containsOnlyKeys("bad-key", "");
    }

    @Test
    void nonObjects_areRefusedWithAHintAndWithoutTheContent() {
        assertThatThrownBy(() -> SecretFlattener.flatten("app/token", "hunter2"))
                .isInstanceOf(SecretsEnvException.class)
                .hasMessageContaining("secret 'app/token' is not a JSON object")
                .hasMessageContaining("'app/token#VARIABLE_NAME'")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> SecretFlattener.flatten("s", "[\"hunter2\"]")).hasMessageContaining("a JSON array");
        assertThatThrownBy(() -> SecretFlattener.flatten("s", "\"hunter2\""))
                .hasMessageContaining("a JSON string")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> SecretFlattener.flatten("s", "")).hasMessageContaining("empty");
    }

    @Test
    void brokenJson_reportsAPositionButNeverTheText() {
        assertThatThrownBy(() -> SecretFlattener.flatten("s", "{\"P\": hunter2}"))
                .hasMessageContaining("secret 's' is not valid JSON (line 1, column")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> SecretFlattener.flatten("s", "{\"P\":\"x\"} trailing"))
                .hasMessageNotContaining("trailing");
    }

    @Test
    void duplicateKeysAndNulls_areRefused() {
        assertThatThrownBy(() -> SecretFlattener.flatten("s", "{\"K\":\"a\",\"K\":\"b\"}"))
                .hasMessageContaining("a key appears twice");
        assertThatThrownBy(() -> SecretFlattener.flatten("s", "{\"K\":null}")).hasMessageContaining("key 'K' is null");
    }
}
