package com.example.serverless.batch.merge;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.serverless.batch.csv.CsvDialect;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MergerTest {

    @Test
    void recordsAreCounted_notLines_soQuotedLineBreaksDoNotInflateTheCount() {
        byte[] csv = "a,\"two\nlines\"\nb,c\n".getBytes(StandardCharsets.UTF_8);

        assertThat(Merger.countRecords(CsvDialect.COMMA, csv)).isEqualTo(2);
        assertThat(Merger.countRecords(CsvDialect.COMMA, new byte[0])).isZero();
    }

    @Test
    void executionStartTime_isReadInTheFormsStepFunctionsAndMotoWrite() {
        Instant fallback = Instant.EPOCH;

        assertThat(Merger.parseStart("2026-11-27T09:00:00.123Z", fallback))
                .isEqualTo(Instant.parse("2026-11-27T09:00:00.123Z"));
        assertThat(Merger.parseStart("2026-11-27T09:00:00.123000+00:00", fallback))
                .isEqualTo(Instant.parse("2026-11-27T09:00:00.123Z"));
        assertThat(Merger.parseStart("yesterday", fallback)).isEqualTo(fallback);
    }
}
