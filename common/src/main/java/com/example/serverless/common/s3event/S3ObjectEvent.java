package com.example.serverless.common.s3event;

import java.util.Objects;

/**
 * One record of an S3 event notification, checked and with the key decoded.
 *
 * @param index     the record's position in the event's {@code Records} (for messages and logs)
 * @param eventName e.g. {@code ObjectCreated:Put}
 * @param bucket    bucket name
 * @param key       the object key exactly as stored in S3 (decoded from the notification's form encoding)
 * @param versionId the object version, or null when the bucket is not versioned (S3 then sends none)
 * @param size      object size in bytes
 * @param eTag      the object's ETag, without quotes, as S3 sends it
 * @param sequencer S3's ordering token for events on the same key (hex; compare only between events of one key),
 *                  or null when the record has none (S3 always sends it; some emulators do not)
 */
public record S3ObjectEvent(
        int index,
        String eventName,
        String bucket,
        String key,
        String versionId,
        long size,
        String eTag,
        String sequencer) {

    public S3ObjectEvent {
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(eTag, "eTag");
    }
}
