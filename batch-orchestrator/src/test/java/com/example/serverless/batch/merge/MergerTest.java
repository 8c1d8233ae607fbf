package com.example.serverless.batch.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.serverless.batch.csv.CsvDialect;
import de.siegmar.fastcsv.reader.CsvParseException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
    void countingWithoutStrings_agreesWithReadingEveryRecord_onBlankLinesEscapedQuotesAndLineEnds() {
        String csv = "a,\"say \"\"hi\"\"\r\n,x\"\r\n\r\n\nb,c\n\"\"\n;;;\nlast,line,without,end";

        long expected;
        try (var reader = CsvDialect.COMMA.reader(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)))) {
            expected = reader.stream().count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(expected).isEqualTo(5);
        assertThat(Merger.countRecords(CsvDialect.COMMA, csv.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(expected);
    }

    @Test
    void anUnclosedQuote_isAnError_notACount() {
        assertThatThrownBy(
                        () -> Merger.countRecords(CsvDialect.COMMA, "a,\"open\nb,c\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CsvParseException.class);
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
