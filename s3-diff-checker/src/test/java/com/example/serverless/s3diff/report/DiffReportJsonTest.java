package com.example.serverless.s3diff.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's JSON keeps the line diff's fields at the top level, and a verdict has none of them. */
class DiffReportJsonTest {

    private static final VersionSummary OLD = new VersionSummary("v1", 10, "e1", "2026-11-27T09:00:00Z");
    private static final VersionSummary NEW = new VersionSummary("v2", 12, "e2", "2026-11-27T09:00:01Z");

    @Test
    void aTextReport_writesItsLineDiffAtTheTopLevel() throws IOException {
        DiffReport report = new DiffReport(
                "b",
                "k.txt",
                DiffStatus.CHANGED,
                NEW,
                OLD,
                new DiffReport.TextChanges(1, 2, "--- a\n+++ b\n", false),
                null,
                null,
                0);

        JsonNode json = new ObjectMapper().readTree(ReportWriter.toJson(report));

        assertThat(fieldNames(json))
                .containsExactly(
                        "bucket",
                        "key",
                        "status",
                        "current",
                        "previous",
                        "addedLines",
                        "removedLines",
                        "unifiedDiff",
                        "unifiedDiffTruncated",
                        "deleteMarkers");
        assertThat(json.get("addedLines").asInt()).isEqualTo(1);
        assertThat(json.get("unifiedDiffTruncated").asBoolean()).isFalse();
    }

    @Test
    void aVerdict_hasANoteAndNoLineDiff() throws IOException {
        DiffReport report = DiffReport.verdict("b", "k.bin", DiffStatus.values()[0], NEW, OLD, "binary content", 2);

        JsonNode json = new ObjectMapper().readTree(ReportWriter.toJson(report));

        assertThat(fieldNames(json))
                .containsExactly("bucket", "key", "status", "current", "previous", "note", "deleteMarkers");
    }

    private static List<String> fieldNames(JsonNode json) {
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
