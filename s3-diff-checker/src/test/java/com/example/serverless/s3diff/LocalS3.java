package com.example.serverless.s3diff;

import com.example.serverless.testsupport.LocalAws;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/** S3 against the local endpoint: clients, versioned buckets, uploads, and exact-key version listings. */
final class LocalS3 {

    private LocalS3() {}

    static S3Client client(LocalAws aws, ExecutionInterceptor... interceptors) {
        return aws.configure(S3Client.builder())
                .forcePathStyle(true)
                // plain bodies instead of aws-chunked CRC trailers: moto parses them several times faster
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .overrideConfiguration(c -> {
                    for (ExecutionInterceptor interceptor : interceptors) {
                        c.addExecutionInterceptor(interceptor);
                    }
                })
                .build();
    }

    static String versionedBucket(S3Client s3, String prefix) {
        String bucket = LocalAws.uniqueName(prefix);
        s3.createBucket(b -> b.bucket(bucket));
        s3.putBucketVersioning(
                b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        return bucket;
    }

    static String plainBucket(S3Client s3, String prefix) {
        String bucket = LocalAws.uniqueName(prefix);
        s3.createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    /** Uploads a new version and returns its version id. */
    static String put(S3Client s3, String bucket, String key, String body) {
        return put(s3, bucket, key, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static String put(S3Client s3, String bucket, String key, byte[] body, Map<String, String> metadata) {
        return s3.putObject(b -> b.bucket(bucket).key(key).metadata(metadata), RequestBody.fromBytes(body))
                .versionId();
    }

    /** Object versions of exactly {@code key}, newest first, as S3 lists them. */
    static List<String> versionIds(S3Client s3, String bucket, String key) {
        List<String> ids = new ArrayList<>();
        for (ListObjectVersionsResponse page : s3.listObjectVersionsPaginator(
                ListObjectVersionsRequest.builder().bucket(bucket).prefix(key).build())) {
            for (ObjectVersion version : page.versions()) {
                if (version.key().equals(key)) {
                    ids.add(version.versionId());
                }
            }
        }
        return ids;
    }

    static List<String> deleteMarkerIds(S3Client s3, String bucket, String key) {
        List<String> ids = new ArrayList<>();
        for (ListObjectVersionsResponse page : s3.listObjectVersionsPaginator(
                ListObjectVersionsRequest.builder().bucket(bucket).prefix(key).build())) {
            page.deleteMarkers().stream().filter(m -> m.key().equals(key)).forEach(m -> ids.add(m.versionId()));
        }
        return ids;
    }

    static List<String> keys(S3Client s3, String bucket) {
        List<String> keys = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().forEach(o -> keys.add(o.key()));
        return keys;
    }

    static String text(S3Client s3, String bucket, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
    }

    /** Records the operations a client sends, and the batch size of each DeleteObjects. */
    static final class RequestLog implements ExecutionInterceptor {
        final List<String> operations = Collections.synchronizedList(new ArrayList<>());
        final List<Integer> deleteBatchSizes = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
            if (context.request() instanceof DeleteObjectsRequest delete) {
                deleteBatchSizes.add(delete.delete().objects().size());
            }
        }

        long count(String operation) {
            synchronized (operations) {
                return operations.stream().filter(operation::equals).count();
            }
        }

        void clear() {
            operations.clear();
            deleteBatchSizes.clear();
        }
    }
}
