package com.example.serverless.s3diff.report;

import com.example.serverless.s3diff.guard.RecursionGuard;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Writes a report once. The put is conditional ({@code If-None-Match: *}), so a duplicated or retried event does
 * not overwrite the first report or create another version of it. Every report carries the recursion guard's
 * metadata marker.
 */
public final class ReportWriter {

    public enum Result {
        WRITTEN,
        ALREADY_PRESENT
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3Client s3;
    private final String bucket;

    public ReportWriter(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    public Result write(String reportKey, DiffReport report) {
        byte[] body = toJson(report);
        try {
            s3.putObject(
                    b -> b.bucket(bucket)
                            .key(reportKey)
                            .ifNoneMatch("*")
                            .contentType("application/json")
                            .metadata(Map.of(RecursionGuard.MARKER_NAME, RecursionGuard.MARKER_VALUE)),
                    RequestBody.fromBytes(body));
            return Result.WRITTEN;
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                return Result.ALREADY_PRESENT;
            }
            throw e;
        }
    }

    /**
     * Whether a report exists (HEAD). Needs {@code s3:GetObject} on the reports and {@code s3:ListBucket} on the
     * bucket, without which S3 answers 403 instead of 404 for a missing one.
     */
    public boolean exists(String reportKey) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(reportKey));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    public String bucket() {
        return bucket;
    }

    static byte[] toJson(DiffReport report) {
        try {
            return JSON.writeValueAsBytes(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report is not serialisable", e);
        }
    }
}
