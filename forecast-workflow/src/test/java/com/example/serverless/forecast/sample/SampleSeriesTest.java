package com.example.serverless.forecast.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleSeriesTest {

    private static String generate(int hours) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SampleSeries.write(out, hours);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void sameBytesOnEveryRun() {
        assertThat(generate(SampleSeries.DEFAULT_HOURS)).isEqualTo(generate(SampleSeries.DEFAULT_HOURS));
    }

    @Test
    void rowsAreTimestampValueItem_inSchemaOrder_withNoHeader() {
        List<String> lines = generate(SampleSeries.DEFAULT_HOURS).lines().toList();

        assertThat(lines).hasSize(SampleSeries.DEFAULT_HOURS * SampleSeries.ITEMS.size());
        assertThat(lines).allMatch(line -> line.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:00:00,\\d+\\.\\d{3},client_\\d"));
        assertThat(lines.getFirst()).startsWith("2026-01-01 00:00:00,");
        assertThat(lines)
                .extracting(line -> line.substring(line.lastIndexOf(',') + 1))
                .containsOnly(SampleSeries.ITEMS.toArray(String[]::new));
    }

    @Test
    void timestampsAre24Hour_everyHourOfTheDayAppearsOncePerDay() {
        List<String> firstDay = generate(24).lines().limit(24).toList();

        assertThat(firstDay)
                .extracting(line -> line.substring(11, 19))
                .containsExactly(
                        "00:00:00",
                        "01:00:00",
                        "02:00:00",
                        "03:00:00",
                        "04:00:00",
                        "05:00:00",
                        "06:00:00",
                        "07:00:00",
                        "08:00:00",
                        "09:00:00",
                        "10:00:00",
                        "11:00:00",
                        "12:00:00",
                        "13:00:00",
                        "14:00:00",
                        "15:00:00",
                        "16:00:00",
                        "17:00:00",
                        "18:00:00",
                        "19:00:00",
                        "20:00:00",
                        "21:00:00",
                        "22:00:00",
                        "23:00:00");
        assertThat(firstDay)
                .allSatisfy(line -> assertThat(LocalDateTime.parse(line.substring(0, 19), SampleSeries.TIMESTAMP))
                        .isNotNull());
    }
}
