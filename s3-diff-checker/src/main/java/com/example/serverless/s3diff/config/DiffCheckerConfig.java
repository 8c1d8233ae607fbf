package com.example.serverless.s3diff.config;

import com.example.serverless.common.config.Env;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything the checker is told by the template. Built once per container; a bad value fails init with the
 * variable's name instead of failing every invocation later.
 *
 * @param reportBucket    bucket that receives the diff reports (no notifications on it: see the README)
 * @param reportPrefix    reserved key prefix for reports, e.g. {@code _diffs/}; keys under it are never checked
 * @param watchedSuffixes key suffixes the function handles (the template's S3 event filters use the same list)
 * @param keepVersions    how many object versions of a key survive retention
 * @param maxDiffBytes    objects larger than this are reported by size and ETag, never downloaded
 * @param diffTimeBudget  how long one text diff may run before it is reported as too complex
 * @param pendingEvents   how long after a version was written its event may still arrive (Lambda's maximum event
 *                        age plus a margin); an older version's diff counts as settled for retention even without
 *                        a report (its event was processed without one, or dropped to the on-failure queue)
 */
public record DiffCheckerConfig(
        String reportBucket,
        String reportPrefix,
        List<String> watchedSuffixes,
        int keepVersions,
        long maxDiffBytes,
        Duration diffTimeBudget,
        Duration pendingEvents) {

    public static final String DEFAULT_REPORT_PREFIX = "_diffs/";
    public static final String DEFAULT_SUFFIXES = ".txt,.json,.csv,.md,.yaml,.yml";
    public static final int DEFAULT_KEEP_VERSIONS = 3;
    public static final long DEFAULT_MAX_DIFF_BYTES = 10L * 1024 * 1024;
    /**
     * Same as the template's {@code DiffCheckerMaxDiffBytes} MaxValue: both versions are held as Java strings
     * (UTF-16, up to twice the bytes each) plus their line lists and the diff, inside a 1024 MB function.
     */
    public static final long MAX_MAX_DIFF_BYTES = 100L * 1024 * 1024;

    public static final int DEFAULT_DIFF_TIME_BUDGET_MS = 20_000;
    /** The template's MaximumEventAgeInSeconds (6 h) plus one hour for S3's own delivery delay. */
    public static final int DEFAULT_PENDING_EVENT_SECONDS = 7 * 3600;
    /**
     * Bytes allowed per line when the line cap is derived from {@code maxDiffBytes}: the cap is
     * {@code maxDiffBytes / 10} (1,048,576 lines at the default 10 MB), so raising the byte limit raises the line
     * cap with it. Each line costs a String (about 40 bytes of headers) on top of its text.
     */
    public static final int BYTES_PER_LINE = 10;

    /** Code points of the unified diff kept in a report object (S3 holds it; readers fetch it on demand). */
    public static final int REPORT_DIFF_LIMIT_CHARS = 256 * 1024;
    /** Code points of the unified diff kept in the log event (CloudWatch caps an event at 256 KB). */
    public static final int LOG_DIFF_LIMIT_CHARS = 4 * 1024;
    /** Code points of one old/new JSON value in a structural change. */
    public static final int JSON_VALUE_LIMIT_CHARS = 512;
    /** Structural changes listed per report; the rest are counted. */
    public static final int JSON_CHANGES_LIMIT = 500;

    public DiffCheckerConfig {
        Objects.requireNonNull(reportBucket, "reportBucket");
        Objects.requireNonNull(reportPrefix, "reportPrefix");
        if (reportPrefix.isEmpty() || !reportPrefix.endsWith("/")) {
            throw new IllegalArgumentException("report prefix must be non-empty and end with '/': " + reportPrefix);
        }
        watchedSuffixes = List.copyOf(watchedSuffixes);
        if (watchedSuffixes.isEmpty()) {
            throw new IllegalArgumentException("at least one watched suffix is needed");
        }
        if (keepVersions < 1) {
            throw new IllegalArgumentException("keepVersions must be at least 1 (the triggering version stays)");
        }
        if (maxDiffBytes < 1) {
            throw new IllegalArgumentException("maxDiffBytes must be positive");
        }
        Objects.requireNonNull(diffTimeBudget, "diffTimeBudget");
        Objects.requireNonNull(pendingEvents, "pendingEvents");
    }

    /** Most lines one version may have to be diffed: scaled with {@link #maxDiffBytes}. */
    public int maxLines() {
        return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(1, maxDiffBytes / BYTES_PER_LINE));
    }

    public static DiffCheckerConfig fromEnv(Env env) {
        String suffixVariable = "WATCHED_SUFFIXES";
        List<String> suffixes;
        try {
            suffixes = parseSuffixes(env.optional(suffixVariable, DEFAULT_SUFFIXES));
        } catch (IllegalArgumentException e) {
            throw new Env.InvalidConfigurationException(suffixVariable, e.getMessage());
        }
        String prefix = env.optional("REPORT_PREFIX", DEFAULT_REPORT_PREFIX);
        if (!prefix.endsWith("/")) {
            throw new Env.InvalidConfigurationException("REPORT_PREFIX", "must end with '/', was '" + prefix + "'");
        }
        return new DiffCheckerConfig(
                env.required("REPORT_BUCKET"),
                prefix,
                suffixes,
                env.intValue("KEEP_VERSIONS", DEFAULT_KEEP_VERSIONS, 1, 10_000),
                env.longValue("MAX_DIFF_BYTES", DEFAULT_MAX_DIFF_BYTES, 1, MAX_MAX_DIFF_BYTES),
                Duration.ofMillis(env.intValue("DIFF_TIME_BUDGET_MS", DEFAULT_DIFF_TIME_BUDGET_MS, 1, 900_000)),
                Duration.ofSeconds(
                        env.intValue("PENDING_EVENT_SECONDS", DEFAULT_PENDING_EVENT_SECONDS, 0, 30 * 24 * 3600)));
    }

    /**
     * Parses a comma-separated suffix list. Suffixes must start with a dot and must not overlap (one ending with
     * another), because S3 rejects overlapping notification filters and the template makes one event per suffix.
     */
    public static List<String> parseSuffixes(String commaSeparated) {
        List<String> suffixes = new ArrayList<>();
        for (String raw : commaSeparated.split(",")) {
            String suffix = raw.trim();
            if (suffix.isEmpty()) {
                continue;
            }
            if (!suffix.startsWith(".") || suffix.length() < 2) {
                throw new IllegalArgumentException("suffix '" + suffix + "' must look like '.txt'");
            }
            suffixes.add(suffix);
        }
        if (suffixes.isEmpty()) {
            throw new IllegalArgumentException("lists no suffix");
        }
        for (String a : suffixes) {
            for (String b : suffixes) {
                if (a != b && lower(a).endsWith(lower(b))) {
                    throw new IllegalArgumentException("suffixes '" + a + "' and '" + b
                            + "' overlap; S3 rejects overlapping notification filters");
                }
            }
        }
        return List.copyOf(suffixes);
    }

    /** Whether a decoded key is one this function handles (case-insensitive: a safeguard, S3 filters come first). */
    public boolean watches(String key) {
        String lowerKey = lower(key);
        return watchedSuffixes.stream().anyMatch(s -> lowerKey.endsWith(lower(s)));
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
