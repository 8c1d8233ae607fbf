package com.example.serverless.forecast.consolidate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartOrderTest {

    @Test
    void partsSortByTheirNumber_notByKeyText() {
        List<String> names = new ArrayList<>(List.of(
                "job_2026-03-01T10-00-00Z_part10.csv",
                "job_2026-03-01T10-00-00Z_part2.csv",
                "job_2026-03-01T10-00-00Z_part0.csv",
                "job_2026-03-01T10-00-00Z_part1.csv"));

        names.sort(PartOrder.BY_PART_NUMBER);

        assertThat(names)
                .containsExactly(
                        "job_2026-03-01T10-00-00Z_part0.csv",
                        "job_2026-03-01T10-00-00Z_part1.csv",
                        "job_2026-03-01T10-00-00Z_part2.csv",
                        "job_2026-03-01T10-00-00Z_part10.csv");
    }

    @Test
    void base_isTheFileNameWithoutThePartSuffix() {
        assertThat(PartOrder.base("Accuracy_job_2026-03-01T10-00-00Z_part3.csv"))
                .isEqualTo("Accuracy_job_2026-03-01T10-00-00Z");
        assertThat(PartOrder.base("table.CSV")).isEqualTo("table");
        assertThat(PartOrder.number("table.csv")).isEqualTo(-1);
    }
}
