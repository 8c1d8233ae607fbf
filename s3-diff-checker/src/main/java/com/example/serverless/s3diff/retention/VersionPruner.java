package com.example.serverless.s3diff.retention;

import com.example.serverless.s3diff.s3.VersionEntry;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;

/**
 * Deletes planned versions with {@code DeleteObjects}, at most 1000 per request (the API's limit). Deleting a
 * version that is already gone succeeds in S3, which keeps retries harmless. Any per-object error fails the
 * invocation after every batch has been tried, so Lambda retries and, in the end, the on-failure queue sees it.
 */
public final class VersionPruner {

    public static final int MAX_KEYS_PER_REQUEST = 1000;

    private final S3Client s3;

    public VersionPruner(S3Client s3) {
        this.s3 = s3;
    }

    /** Returns the number of versions deleted. */
    public int delete(String bucket, String key, List<VersionEntry> versions) {
        List<S3Error> errors = new ArrayList<>();
        for (int from = 0; from < versions.size(); from += MAX_KEYS_PER_REQUEST) {
            List<ObjectIdentifier> batch =
                    versions.subList(from, Math.min(from + MAX_KEYS_PER_REQUEST, versions.size())).stream()
                            .map(v -> ObjectIdentifier.builder()
                                    .key(key)
                                    .versionId(v.versionId())
                                    .build())
                            .toList();
            // quiet mode: the response lists only failures
            DeleteObjectsResponse response = s3.deleteObjects(
                    b -> b.bucket(bucket).delete(d -> d.objects(batch).quiet(true)));
            errors.addAll(response.errors());
        }
        if (!errors.isEmpty()) {
            throw new RetentionFailedException(bucket, key, errors);
        }
        return versions.size();
    }

    /** Some versions could not be deleted; the message names the first few with S3's error codes. */
    public static final class RetentionFailedException extends RuntimeException {
        public RetentionFailedException(String bucket, String key, List<S3Error> errors) {
            super("could not delete " + errors.size() + " old version(s) of s3://" + bucket + "/" + key + ": "
                    + errors.stream()
                            .limit(5)
                            .map(e -> e.versionId() + " " + e.code() + " " + e.message())
                            .toList());
        }
    }
}
