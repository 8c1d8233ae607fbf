package com.example.serverless.batch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.serverless.common.config.Env;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each function's configuration is checked at init, and a bad variable is named. */
class BatchConfigTest {

    @Test
    void theSplitSettings_haveTheTemplatesDefaults_andATabIsWrittenAsBackslashT() {
        BatchConfig.Split defaults = BatchConfig.Split.from(new Env(Map.of()));
        assertThat(defaults.dialect().delimiter()).isEqualTo(',');
        assertThat(defaults.chunkSize()).isEqualTo(1000);
        assertThat(defaults.maxChunks()).isEqualTo(2500);

        assertThat(BatchConfig.Split.from(new Env(Map.of("FILE_DELIMITER", "\\t")))
                        .dialect()
                        .delimiter())
                .isEqualTo('\t');
    }

    @Test
    void anUnusableSetting_failsInitNamingTheVariable() {
        assertThatThrownBy(() -> BatchConfig.Split.from(new Env(Map.of("FILE_DELIMITER", ";;"))))
                .isInstanceOf(Env.InvalidConfigurationException.class)
                .hasMessageStartingWith("Environment variable FILE_DELIMITER ");
        assertThatThrownBy(() -> BatchConfig.Split.from(new Env(Map.of("FILE_CHUNK_SIZE", "0"))))
                .hasMessageStartingWith("Environment variable FILE_CHUNK_SIZE must be between 1 and 100000");
        assertThatThrownBy(() -> BatchConfig.Archive.from(new Env(Map.of("INPUT_ARCHIVE_FOLDER", "/input/old/"))))
                .isInstanceOf(Env.InvalidConfigurationException.class)
                .hasMessageContaining("INPUT_ARCHIVE_FOLDER", "outside input/");
        assertThatThrownBy(() -> BatchConfig.Failure.from(new Env(Map.of("TOPIC_ARN", "arn:topic"))))
                .isInstanceOf(Env.MissingConfigurationException.class)
                .hasMessageContaining("ERROR_TABLE");
    }

    @Test
    void everyFunctionReadsItsOwnVariables() {
        Env env = new Env(Map.of(
                "STATE_MACHINE_ARN", "arn:sm",
                "REFERENCE_TABLE", "ref",
                "ERROR_TABLE", "err",
                "OUTPUT_PART_SIZE_MB", "8",
                "INPUT_ARCHIVE_FOLDER", "/input_archive/",
                "TOPIC_ARN", "arn:topic",
                "LINK_EXPIRY_MINUTES", "15"));

        assertThat(BatchConfig.Trigger.from(env)).isEqualTo(new BatchConfig.Trigger("arn:sm"));
        assertThat(BatchConfig.Chunk.from(env)).isEqualTo(new BatchConfig.Chunk("ref", "err"));
        assertThat(BatchConfig.Merge.from(env)).isEqualTo(new BatchConfig.Merge("err", 8 * 1024 * 1024));
        assertThat(BatchConfig.Archive.from(env)).isEqualTo(new BatchConfig.Archive("input_archive"));
        assertThat(BatchConfig.Notify.from(env)).isEqualTo(new BatchConfig.Notify("arn:topic", Duration.ofMinutes(15)));
        assertThat(BatchConfig.Failure.from(env)).isEqualTo(new BatchConfig.Failure("arn:topic", "err"));
    }
}
