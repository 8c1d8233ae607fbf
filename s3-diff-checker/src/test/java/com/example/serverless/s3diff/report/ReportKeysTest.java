package com.example.serverless.s3diff.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReportKeysTest {

    @Test
    void reportNestsUnderTheSourceKey() {
        assertThat(ReportKeys.reportKey("_diffs/", "reports/q1 summary.txt", "v1"))
                .isEqualTo("_diffs/reports/q1 summary.txt/v1.json");
    }

    @Test
    void sourceKeyTooLongToNest_isReplacedByItsHash() {
        String longKey = "ü".repeat(508) + ".txt"; // 1020 bytes: fits S3, but not with prefix and version

        String reportKey = ReportKeys.reportKey("_diffs/", longKey, "v1");

        assertThat(reportKey).matches("_diffs/_long-keys/[0-9a-f]{64}/v1\\.json");
        assertThat(reportKey.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(ReportKeys.MAX_KEY_BYTES);
        assertThat(ReportKeys.reportKey("_diffs/", longKey, "v1")).isEqualTo(reportKey);
    }
}
