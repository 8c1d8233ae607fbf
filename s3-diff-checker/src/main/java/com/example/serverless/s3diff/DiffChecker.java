package com.example.serverless.s3diff;

import com.example.serverless.common.deadline.Deadline;
import com.example.serverless.common.text.TextLimits;
import com.example.serverless.s3diff.CheckResult.Outcome;
import com.example.serverless.s3diff.config.DiffCheckerConfig;
import com.example.serverless.s3diff.event.ObjectVersionRef;
import com.example.serverless.s3diff.guard.RecursionGuard;
import com.example.serverless.s3diff.report.DiffReport;
import com.example.serverless.s3diff.report.ReportKeys;
import com.example.serverless.s3diff.report.ReportWriter;
import com.example.serverless.s3diff.retention.RetentionPlan;
import com.example.serverless.s3diff.retention.VersionPruner;
import com.example.serverless.s3diff.s3.KeyHistory;
import com.example.serverless.s3diff.s3.KeyHistoryReader;
import com.example.serverless.s3diff.s3.ObjectVersionReader;
import com.example.serverless.s3diff.s3.VersionEntry;
import com.example.serverless.s3diff.s3.VersionHead;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.CloseableThreadContext;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.message.MapMessage;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Handles one new object version: guard, find its predecessor, report the difference, prune old versions.
 *
 * <p>Order matters for retries: the report is written (once, conditionally) before retention runs, and both are
 * idempotent, so an invocation that fails half-way can simply run again.
 */
public final class DiffChecker {

    private static final Logger LOG = LogManager.getLogger(DiffChecker.class);

    private final DiffCheckerConfig config;
    private final RecursionGuard guard;
    private final ObjectVersionReader reader;
    private final KeyHistoryReader historyReader;
    private final VersionComparer comparer;
    private final ReportWriter reportWriter;
    private final VersionPruner pruner;

    public DiffChecker(S3Client s3, DiffCheckerConfig config) {
        this.config = config;
        this.guard = new RecursionGuard(config.reportPrefix());
        this.reader = new ObjectVersionReader(s3, config.maxLines());
        this.historyReader = new KeyHistoryReader(s3);
        this.comparer = new VersionComparer(reader, config);
        this.reportWriter = new ReportWriter(s3, config.reportBucket());
        this.pruner = new VersionPruner(s3);
    }

    public CheckResult check(ObjectVersionRef ref) {
        return check(ref, Deadline.NONE);
    }

    /** @param deadline checked before the diff and before retention deletes anything */
    @SuppressWarnings("try") // the ThreadContext scope is the resource; its body never needs the handle
    public CheckResult check(ObjectVersionRef ref, Deadline deadline) {
        try (var ids = CloseableThreadContext.put("bucket", ref.bucket())
                .put("key", ref.key())
                .put("versionId", ref.versionId())) {
            if (guard.isReportKey(ref.key())) {
                LOG.info(
                        "ignored: key is under the reserved report prefix {} (recursion guard)", config.reportPrefix());
                return CheckResult.skipped(Outcome.SKIPPED_REPORT_KEY);
            }
            if (!config.watches(ref.key())) {
                LOG.warn(
                        "ignored: suffix not in WATCHED_SUFFIXES {}; the notification filters are wider than the "
                                + "function's configuration",
                        config.watchedSuffixes());
                return CheckResult.skipped(Outcome.SKIPPED_UNWATCHED_SUFFIX);
            }
            Optional<VersionHead> head = reader.head(ref.bucket(), ref.key(), ref.versionId());
            if (head.isPresent() && guard.carriesReportMarker(head.get().metadata())) {
                LOG.info("ignored: object carries the diff report marker (recursion guard)");
                return CheckResult.skipped(Outcome.SKIPPED_REPORT_MARKER);
            }

            KeyHistory history = historyReader.read(ref.bucket(), ref.key());
            Optional<VersionEntry> current = head.isEmpty() ? Optional.empty() : history.find(ref.versionId());
            CheckResult compared;
            if (current.isEmpty()) {
                LOG.info("version no longer exists (deleted, or pruned after a newer event): nothing to compare");
                compared = CheckResult.skipped(Outcome.VERSION_GONE);
            } else {
                Optional<VersionEntry> previous = history.previousOf(ref.versionId());
                if (previous.isEmpty()) {
                    LOG.info("no earlier version of the key exists (first version, or its predecessors were pruned): "
                            + "nothing to compare");
                    compared = CheckResult.skipped(Outcome.NO_PREVIOUS_VERSION);
                } else {
                    deadline.check("diff");
                    compared = report(
                            ref,
                            current.get(),
                            previous.get(),
                            history.deleteMarkers().size());
                }
            }

            RetentionPlan plan = RetentionPlan.of(
                    history, config.keepVersions(), ref.versionId(), versionId -> diffSettled(ref, history, versionId));
            if (!plan.isEmpty()) {
                deadline.check("retention");
                pruner.delete(ref.bucket(), ref.key(), plan.all());
                LOG.info(
                        "retention deleted {} older version(s) and {} delete marker(s), keeping the newest {} and any "
                                + "version a pending diff still needs",
                        plan.objectVersions().size(),
                        plan.deleteMarkers().size(),
                        config.keepVersions());
            }
            return new CheckResult(
                    compared.outcome(),
                    compared.reportKey(),
                    compared.report(),
                    plan.objectVersions().size(),
                    plan.deleteMarkers().size());
        }
    }

    /**
     * Whether the diff of {@code versionId} against its predecessor is made (its report exists) or can no longer be
     * asked for (the version is older than any event that may still arrive): what retention waits for.
     */
    private boolean diffSettled(ObjectVersionRef ref, KeyHistory history, String versionId) {
        Optional<VersionEntry> version = history.find(versionId);
        Instant eventsStillPossibleAfter = Instant.now().minus(config.pendingEvents());
        if (version.isPresent()
                && version.get().lastModified() != null
                && version.get().lastModified().isBefore(eventsStillPossibleAfter)) {
            return true;
        }
        return reportWriter.exists(ReportKeys.reportKey(config.reportPrefix(), ref.key(), versionId));
    }

    private CheckResult report(ObjectVersionRef ref, VersionEntry current, VersionEntry previous, int markers) {
        String reportKey = ReportKeys.reportKey(config.reportPrefix(), ref.key(), ref.versionId());
        DiffReport report;
        try {
            report = comparer.compare(ref.bucket(), ref.key(), current, previous, markers);
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            // listed a moment ago, gone now: a concurrent invocation pruned it (only after this version's diff
            // was made, so the report should exist) or someone deleted it; a retry could not do better
            if (reportWriter.exists(reportKey)) {
                LOG.info("a version vanished while reading, and this version's report already exists (made by a "
                        + "concurrent invocation)");
                return new CheckResult(Outcome.REPORT_ALREADY_PRESENT, reportKey, null, 0, 0);
            }
            LOG.warn(
                    "version {} or its predecessor {} vanished between listing and reading (deleted meanwhile): "
                            + "no diff for this version",
                    current.versionId(),
                    previous.versionId());
            return CheckResult.skipped(Outcome.VERSION_VANISHED);
        }
        ReportWriter.Result written = reportWriter.write(reportKey, report);
        LOG.info(summary(report, reportKey, written));
        return new CheckResult(
                written == ReportWriter.Result.WRITTEN ? Outcome.REPORTED : Outcome.REPORT_ALREADY_PRESENT,
                reportKey,
                report,
                0,
                0);
    }

    /** The structured log event: ids, verdict, counts and the start of the diff. */
    private MapMessage<?, Object> summary(DiffReport report, String reportKey, ReportWriter.Result written) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", "version-diff");
        fields.put("bucket", report.bucket());
        fields.put("key", report.key());
        fields.put("versionId", report.current().versionId());
        fields.put("previousVersionId", report.previous().versionId());
        fields.put("status", report.status().name());
        if (report.text() != null) {
            fields.put("addedLines", report.text().addedLines());
            fields.put("removedLines", report.text().removedLines());
        }
        if (report.json() != null) {
            fields.put("jsonPathsAdded", report.json().added());
            fields.put("jsonPathsRemoved", report.json().removed());
            fields.put("jsonPathsChanged", report.json().changed());
        }
        if (report.text() != null) {
            String diff = report.text().unifiedDiff();
            fields.put("diff", TextLimits.cut(diff, DiffCheckerConfig.LOG_DIFF_LIMIT_CHARS));
            fields.put("diffTruncated", TextLimits.exceeds(diff, DiffCheckerConfig.LOG_DIFF_LIMIT_CHARS));
        }
        if (report.note() != null) {
            fields.put("note", report.note());
        }
        fields.put("reportLocation", "s3://" + reportWriter.bucket() + "/" + reportKey);
        fields.put("reportWritten", written == ReportWriter.Result.WRITTEN);
        return new MapMessage<>(fields);
    }
}
