package com.example.serverless.s3diff.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.serverless.common.config.Env;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiffCheckerConfigTest {

    @Test
    void defaults_watchTheCommonTextSuffixesAndKeepThree() {
        DiffCheckerConfig config = DiffCheckerConfig.fromEnv(new Env(Map.of("REPORT_BUCKET", "reports")));

        assertThat(config.watchedSuffixes()).containsExactly(".txt", ".json", ".csv", ".md", ".yaml", ".yml");
        assertThat(config.keepVersions()).isEqualTo(3);
        assertThat(config.maxDiffBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(config.reportPrefix()).isEqualTo("_diffs/");
        assertThat(config.diffTimeBudget()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void theLineCap_scalesWithMaxDiffBytes_andPendingEventsDefaultToTheMaximumEventAgePlusAnHour() {
        DiffCheckerConfig defaults = DiffCheckerConfig.fromEnv(new Env(Map.of("REPORT_BUCKET", "reports")));
        assertThat(defaults.maxLines()).isEqualTo(1_048_576);
        assertThat(defaults.pendingEvents()).isEqualTo(Duration.ofHours(7));

        DiffCheckerConfig raised = DiffCheckerConfig.fromEnv(new Env(
                Map.of("REPORT_BUCKET", "reports", "MAX_DIFF_BYTES", "104857600", "PENDING_EVENT_SECONDS", "0")));
        assertThat(raised.maxLines()).isEqualTo(10_485_760);
        assertThat(raised.pendingEvents()).isZero();
        assertThat(DiffCheckerConfig.fromEnv(new Env(Map.of("REPORT_BUCKET", "r", "MAX_DIFF_BYTES", "5")))
                        .maxLines())
                .isEqualTo(1);
    }

    @Test
    void missingReportBucket_failsInitNamingTheVariable() {
        assertThatThrownBy(() -> DiffCheckerConfig.fromEnv(new Env(Map.of()))).hasMessageContaining("REPORT_BUCKET");
    }

    @Test
    void overlappingOrMalformedSuffixes_areRejected() {
        assertThatThrownBy(() -> DiffCheckerConfig.parseSuffixes(".txt,.old.txt"))
                .hasMessageContaining("overlap");
        assertThatThrownBy(() -> DiffCheckerConfig.parseSuffixes(".txt,.TXT")).hasMessageContaining("overlap");
        assertThatThrownBy(() -> DiffCheckerConfig.parseSuffixes("txt")).hasMessageContaining("'.txt'");
        assertThatThrownBy(() -> DiffCheckerConfig.fromEnv(
                        new Env(Map.of("REPORT_BUCKET", "r", "WATCHED_SUFFIXES", ".json,.geo.json"))))
                .hasMessageContaining("WATCHED_SUFFIXES");
    }

    @Test
    void keepVersionsBelowOne_andAPrefixWithoutSlash_areRejected() {
        assertThatThrownBy(() -> DiffCheckerConfig.fromEnv(new Env(Map.of("REPORT_BUCKET", "r", "KEEP_VERSIONS", "0"))))
                .hasMessageContaining("KEEP_VERSIONS");
        assertThatThrownBy(() ->
                        DiffCheckerConfig.fromEnv(new Env(Map.of("REPORT_BUCKET", "r", "REPORT_PREFIX", "_diffs"))))
                .hasMessageContaining("REPORT_PREFIX");
    }

    @Test
    void maxDiffBytes_acceptsTheTemplateMaximum_andRejectsOneByteMore() {
        assertThat(DiffCheckerConfig.MAX_MAX_DIFF_BYTES).isEqualTo(104_857_600L); // template MaxValue
        DiffCheckerConfig atLimit =
                DiffCheckerConfig.fromEnv(new Env(Map.of("REPORT_BUCKET", "r", "MAX_DIFF_BYTES", "104857600")));
        assertThat(atLimit.maxDiffBytes()).isEqualTo(104_857_600L);

        assertThatThrownBy(() ->
                        DiffCheckerConfig.fromEnv(new Env(Map.of("REPORT_BUCKET", "r", "MAX_DIFF_BYTES", "104857601"))))
                .hasMessageContaining("MAX_DIFF_BYTES");
        assertThatThrownBy(
                        () -> DiffCheckerConfig.fromEnv(new Env(Map.of("REPORT_BUCKET", "r", "MAX_DIFF_BYTES", "0"))))
                .hasMessageContaining("MAX_DIFF_BYTES");
    }

    @Test
    void watches_matchesSuffixesCaseInsensitively() {
        DiffCheckerConfig config = DiffCheckerConfig.fromEnv(new Env(Map.of("REPORT_BUCKET", "r")));

        assertThat(config.watches("a/b/Notes.TXT")).isTrue();
        assertThat(config.watches("data.yml")).isTrue();
        assertThat(config.watches("image.png")).isFalse();
        assertThat(config.watches("archive.txt.gz")).isFalse();
    }
}
