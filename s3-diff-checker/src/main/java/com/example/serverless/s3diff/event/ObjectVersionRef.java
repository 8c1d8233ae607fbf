package com.example.serverless.s3diff.event;

import java.util.Objects;

/**
 * One object version named by an S3 notification, with the key already decoded.
 *
 * @param bucket    bucket name
 * @param key       decoded object key, exactly as stored in S3
 * @param versionId the version the event is about (S3 always sends it for versioned buckets)
 */
public record ObjectVersionRef(String bucket, String key, String versionId) {

    public ObjectVersionRef {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(versionId, "versionId");
    }
}
