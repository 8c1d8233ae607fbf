package com.example.serverless.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvTest {

    private final Env env = new Env(Map.of("TABLE", " orders ", "BLANK", "  ", "SIZE", "42", "BAD", "4x"));

    @Test
    void required_returnsTrimmedValue() {
        assertThat(env.required("TABLE")).isEqualTo("orders");
    }

    @Test
    void required_namesTheVariable_whenMissingOrBlank() {
        assertThatThrownBy(() -> env.required("NOPE"))
                .isInstanceOf(Env.MissingConfigurationException.class)
                .hasMessageContaining("NOPE");
        assertThatThrownBy(() -> env.required("BLANK")).hasMessageContaining("BLANK");
    }

    @Test
    void optional_fallsBackToDefault_whenBlank() {
        assertThat(env.optional("BLANK", "d")).isEqualTo("d");
        assertThat(env.optional("TABLE", "d")).isEqualTo("orders");
    }

    @Test
    void intValue_parsesAndChecksRange() {
        assertThat(env.intValue("SIZE", 1, 1, 100)).isEqualTo(42);
        assertThat(env.intValue("MISSING", 7, 1, 100)).isEqualTo(7);
        assertThatThrownBy(() -> env.intValue("SIZE", 1, 1, 10))
                .isInstanceOf(Env.InvalidConfigurationException.class)
                .hasMessageContaining("between 1 and 10");
        assertThatThrownBy(() -> env.intValue("BAD", 1, 1, 10)).hasMessageContaining("not a whole number");
    }
}
