package com.example.serverless.common.aws;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientTimeoutsTest {

    @Test
    void rejectsAttemptLongerThanCall() {
        assertThatThrownBy(() -> new ClientTimeouts(
                        Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceeds call timeout");
    }
}
