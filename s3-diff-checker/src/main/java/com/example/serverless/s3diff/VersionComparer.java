package com.example.serverless.s3diff;

import com.example.serverless.common.text.TextLimits;
import com.example.serverless.s3diff.config.DiffCheckerConfig;
import com.example.serverless.s3diff.diff.DiffTooComplexException;
import com.example.serverless.s3diff.diff.JsonStructuralDiff;
import com.example.serverless.s3diff.diff.TextDiff;
import com.example.serverless.s3diff.diff.TextDiffResult;
import com.example.serverless.s3diff.report.DiffReport;
import com.example.serverless.s3diff.report.DiffStatus;
import com.example.serverless.s3diff.report.JsonSection;
import com.example.serverless.s3diff.report.VersionSummary;
import com.example.serverless.s3diff.s3.ObjectVersionReader;
import com.example.serverless.s3diff.s3.TextLoad;
import com.example.serverless.s3diff.s3.VersionEntry;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Compares one version with its predecessor and builds the report. Cheap checks come first, so most verdicts
 * need no download: equal ETags mean equal bytes, and a version above the size limit is never fetched.
 */
public final class VersionComparer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectVersionReader reader;
    private final DiffCheckerConfig config;
    private final JsonStructuralDiff jsonDiff =
            new JsonStructuralDiff(DiffCheckerConfig.JSON_VALUE_LIMIT_CHARS, DiffCheckerConfig.JSON_CHANGES_LIMIT);

    public VersionComparer(ObjectVersionReader reader, DiffCheckerConfig config) {
        this.reader = reader;
        this.config = config;
    }

    public DiffReport compare(
            String bucket, String key, VersionEntry current, VersionEntry previous, int deleteMarkers) {
        Builder report = new Builder(bucket, key, current, previous, deleteMarkers);
        if (current.eTag() != null
                && Objects.equals(current.eTag(), previous.eTag())
                && current.size() == previous.size()) {
            return report.verdict(DiffStatus.IDENTICAL, "same ETag and size: the bytes are equal");
        }
        if (current.size() > config.maxDiffBytes() || previous.size() > config.maxDiffBytes()) {
            return report.verdict(
                    DiffStatus.TOO_LARGE,
                    "above the " + config.maxDiffBytes()
                            + "-byte diff limit (MAX_DIFF_BYTES): compared by size and ETag only, not downloaded");
        }
        TextLoad oldText = reader.readText(bucket, key, previous.versionId());
        DiffReport unreadable = unreadable(report, "previous version ", oldText);
        if (unreadable != null) {
            return unreadable;
        }
        TextLoad newText = reader.readText(bucket, key, current.versionId());
        unreadable = unreadable(report, "current version ", newText);
        if (unreadable != null) {
            return unreadable;
        }
        List<String> oldLines = ((TextLoad.Text) oldText).lines();
        List<String> newLines = ((TextLoad.Text) newText).lines();
        TextDiffResult diff;
        try {
            diff = TextDiff.compare(
                    oldLines, newLines, label(key, previous), label(key, current), config.diffTimeBudget());
        } catch (DiffTooComplexException e) {
            return report.verdict(DiffStatus.TOO_COMPLEX, e.getMessage() + " (DIFF_TIME_BUDGET_MS)");
        }
        JsonSection json = isJsonKey(key) ? structural(oldLines, newLines) : null;
        return report.text(diff, json);
    }

    private DiffReport unreadable(Builder report, String side, TextLoad load) {
        return switch (load) {
            case TextLoad.NotText(String reason) -> report.verdict(DiffStatus.NOT_TEXT, side + reason);
            case TextLoad.TooManyLines(int maxLines) ->
                report.verdict(
                        DiffStatus.TOO_MANY_LINES,
                        side
                                + "has more than " + maxLines
                                + " lines: compared by size and ETag only (the line cap is"
                                + " MAX_DIFF_BYTES / " + DiffCheckerConfig.BYTES_PER_LINE
                                + "; raise MAX_DIFF_BYTES, and the"
                                + " function's memory with it, to diff longer files)");
            case TextLoad.Text text -> null;
        };
    }

    static boolean isJsonKey(String key) {
        return key.toLowerCase(Locale.ROOT).endsWith(".json");
    }

    private JsonSection structural(List<String> oldLines, List<String> newLines) {
        JsonNode before;
        JsonNode after;
        try {
            before = JSON.readTree(String.join("\n", oldLines));
        } catch (JsonProcessingException e) {
            return JsonSection.failed("previous version is not valid JSON: " + e.getOriginalMessage());
        }
        try {
            after = JSON.readTree(String.join("\n", newLines));
        } catch (JsonProcessingException e) {
            return JsonSection.failed("current version is not valid JSON: " + e.getOriginalMessage());
        }
        if (before == null || before.isMissingNode() || after == null || after.isMissingNode()) {
            return JsonSection.failed("an empty document has no structure to compare");
        }
        return JsonSection.of(jsonDiff.compare(before, after));
    }

    private static String label(String key, VersionEntry version) {
        return key + "@" + version.versionId();
    }

    private static final class Builder {
        private final String bucket;
        private final String key;
        private final VersionSummary current;
        private final VersionSummary previous;
        private final int deleteMarkers;

        Builder(String bucket, String key, VersionEntry current, VersionEntry previous, int deleteMarkers) {
            this.bucket = bucket;
            this.key = key;
            this.current = VersionSummary.of(current);
            this.previous = VersionSummary.of(previous);
            this.deleteMarkers = deleteMarkers;
        }

        DiffReport verdict(DiffStatus status, String note) {
            return DiffReport.verdict(bucket, key, status, current, previous, note, deleteMarkers);
        }

        DiffReport text(TextDiffResult diff, JsonSection json) {
            String unified = diff.unifiedDiff();
            boolean truncated = TextLimits.exceeds(unified, DiffCheckerConfig.REPORT_DIFF_LIMIT_CHARS);
            DiffStatus status = diff.identical() ? DiffStatus.IDENTICAL : DiffStatus.CHANGED;
            String note = diff.identical()
                    ? "same lines; the bytes differ only in line terminators or a final newline"
                    : null;
            DiffReport.TextChanges text = new DiffReport.TextChanges(
                    diff.addedLines(),
                    diff.removedLines(),
                    TextLimits.cut(unified, DiffCheckerConfig.REPORT_DIFF_LIMIT_CHARS),
                    truncated);
            return new DiffReport(bucket, key, status, current, previous, text, json, note, deleteMarkers);
        }
    }
}
