package com.example.serverless.s3diff.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class S3EventKeysTest {

    @Test
    void plusIsASpace_andAnEncodedPlusIsAPlus() {
        assertThat(S3EventKeys.decode("reports/q1+summary.txt")).isEqualTo("reports/q1 summary.txt");
        assertThat(S3EventKeys.decode("a%2Bb+c.txt")).isEqualTo("a+b c.txt");
    }

    @Test
    void percentEscapesDecodeAsUtf8_withOrWithoutEncodedSlashes() {
        assertThat(S3EventKeys.decode("teams/caf%C3%A9+%C3%BCber/notes+%E2%9C%93.md"))
                .isEqualTo("teams/café über/notes ✓.md");
        assertThat(S3EventKeys.decode("deep%2Fpath%2Ffile.txt")).isEqualTo("deep/path/file.txt");
        assertThat(S3EventKeys.decode("literal%2520percent.txt")).isEqualTo("literal%20percent.txt");
    }

    @Test
    void truncatedEscape_isRejectedWithTheKey() {
        assertThatThrownBy(() -> S3EventKeys.decode("bad%2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad%2");
        assertThatThrownBy(() -> S3EventKeys.decode("")).isInstanceOf(IllegalArgumentException.class);
    }
}
