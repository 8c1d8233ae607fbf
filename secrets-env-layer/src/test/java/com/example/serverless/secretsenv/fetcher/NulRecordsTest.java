package com.example.serverless.secretsenv.fetcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.serverless.secretsenv.load.LoadedSecrets;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NulRecordsTest {

    @Test
    void encodesHeaderWrapperCountAndPairs_asNulTerminatedUtf8() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("A", "x=y\n'$(z)'");
        variables.put("B", "");
        variables.put("C", "Grüße 🔐");
        byte[] bytes = NulRecords.encode(new LoadedSecrets(variables, Optional.of("/opt/next"), List.of()));

        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).isEqualTo("secrets-env/1\0/opt/next\0" + "3\0A\0x=y\n'$(z)'\0B\0\0C\0Grüße 🔐\0");
    }

    @Test
    void noNextWrapper_isAnEmptyField() {
        byte[] bytes = NulRecords.encode(new LoadedSecrets(Map.of(), Optional.empty(), List.of()));
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("secrets-env/1\0\0" + "0\0");
    }

    @Test
    void unpairedSurrogate_isRefused_neverWrittenAsQuestionMark() {
        LoadedSecrets lone = new LoadedSecrets(Map.of("K", "a\ud800"), Optional.empty(), List.of());

        assertThatThrownBy(() -> NulRecords.encode(lone))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unpaired surrogate");
    }
}
