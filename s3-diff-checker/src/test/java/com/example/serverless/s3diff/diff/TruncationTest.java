package com.example.serverless.s3diff.diff;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TruncationTest {

    @Test
    void cutNeverSplitsASurrogatePair() {
        String text = "ab\uD83D\uDE00cd"; // "ab😀cd"

        assertThat(Truncation.cut(text, 3)).isEqualTo("ab");
        assertThat(Truncation.cut(text, 4)).isEqualTo("ab\uD83D\uDE00");
        assertThat(Truncation.cut(text, 100)).isSameAs(text);
        assertThat(Truncation.exceeds(text, 3)).isTrue();
    }
}
