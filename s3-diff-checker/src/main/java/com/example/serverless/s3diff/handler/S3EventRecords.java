package com.example.serverless.s3diff.handler;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.example.serverless.s3diff.event.ObjectVersionRef;
import com.example.serverless.s3diff.event.S3EventKeys;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an S3 notification into the object versions to check. Validation happens for every record before any is
 * processed: a malformed record fails the whole invocation with a message naming it, so Lambda retries it and then
 * hands the untouched event to the on-failure queue (nothing is half-done, nothing is dropped).
 */
final class S3EventRecords {

    private S3EventRecords() {}

    /** The records to check; records for other event types are returned in {@link Parsed#ignored()}. */
    static Parsed parse(S3Event event) {
        if (event == null || event.getRecords() == null || event.getRecords().isEmpty()) {
            throw new InvalidEventException("event has no Records: not an S3 object notification");
        }
        List<ObjectVersionRef> refs = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int index = 0;
        for (S3EventNotificationRecord record : event.getRecords()) {
            String where = "record " + index++;
            String eventName = record.getEventName();
            if (eventName == null || !eventName.startsWith("ObjectCreated:")) {
                ignored.add(where + " (" + eventName + ")");
                continue;
            }
            if (record.getS3() == null
                    || record.getS3().getBucket() == null
                    || record.getS3().getObject() == null) {
                problems.add(where + " has no s3.bucket or s3.object");
                continue;
            }
            String bucket = record.getS3().getBucket().getName();
            String encodedKey = record.getS3().getObject().getKey();
            String versionId = record.getS3().getObject().getVersionId();
            if (bucket == null || bucket.isBlank()) {
                problems.add(where + " has no bucket name");
            } else if (encodedKey == null || encodedKey.isEmpty()) {
                problems.add(where + " has no object key");
            } else if (versionId == null || versionId.isBlank()) {
                problems.add(where + " for key '" + encodedKey + "' has no versionId: the bucket must be versioned");
            } else {
                try {
                    refs.add(new ObjectVersionRef(bucket, S3EventKeys.decode(encodedKey), versionId));
                } catch (IllegalArgumentException e) {
                    problems.add(where + ": " + e.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidEventException("malformed S3 notification: " + String.join("; ", problems));
        }
        return new Parsed(refs, ignored);
    }

    record Parsed(List<ObjectVersionRef> versions, List<String> ignored) {}

    /** The event cannot be processed as it is; retrying will not help, the on-failure queue keeps it. */
    static final class InvalidEventException extends IllegalArgumentException {
        InvalidEventException(String message) {
            super(message);
        }
    }
}
