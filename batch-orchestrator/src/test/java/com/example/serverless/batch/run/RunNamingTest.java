package com.example.serverless.batch.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RunNamingTest {

    @Test
    void executionName_isDeterministicPerBucketKeyAndVersion() {
        String name = ExecutionNames.forObject("bucket", "input/sales q1 (2026).csv", "v1");

        assertThat(ExecutionNames.forObject("bucket", "input/sales q1 (2026).csv", "v1"))
                .isEqualTo(name);
        assertThat(ExecutionNames.forObject("bucket", "input/sales q1 (2026).csv", "v2"))
                .isNotEqualTo(name);
        assertThat(ExecutionNames.forObject("other", "input/sales q1 (2026).csv", "v1"))
                .isNotEqualTo(name);
        assertThat(name).startsWith("sales_q1__2026_-").matches("[A-Za-z0-9_-]{1,64}");
    }

    @Test
    void executionName_staysWithinLimitsForLongNames_andChildNamesWithin80() {
        String name = ExecutionNames.forObject("b", "input/" + "x".repeat(300) + ".csv", null);

        assertThat(name).hasSizeLessThanOrEqualTo(64);
        assertThat(ExecutionNames.childName(name, 99_999)).hasSizeLessThanOrEqualTo(80);
    }

    @Test
    void partKeys_areZeroPadded_andArchiveKeysKeepTheRelativePath() {
        assertThat(RunLayout.chunkKey("r", 7)).isEqualTo("runs/r/chunks/part-00007.csv");
        assertThat(RunLayout.processedKey("r", 10)).isEqualTo("runs/r/processed/part-00010.csv");
        assertThat(RunLayout.archiveKey("/input_archive/", "input/2026/q1.csv")).isEqualTo("input_archive/2026/q1.csv");
        assertThatThrownBy(() -> RunLayout.chunkKey("r", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
