package com.example.serverless.s3diff;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.example.serverless.testsupport.LambdaEvents;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The sample notifications in {@code events/}, pointed at a test's own bucket and version. The result goes through
 * the Java runtime's own serializer, exactly as Lambda would deliver it.
 */
final class SampleEvents {

    static final String OBJECT_CREATED = "s3-diff-checker-object-created.json";
    static final String UNICODE_KEY = "s3-diff-checker-unicode-key.json";
    static final String UNVERSIONED_BUCKET = "s3-diff-checker-unversioned-bucket.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private SampleEvents() {}

    /** The sample with bucket, version and (when not null) key replaced; the key is encoded as S3 encodes it. */
    static S3Event objectCreated(String sample, String bucket, String key, String versionId) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(LambdaEvents.read(sample));
            ObjectNode s3 = (ObjectNode) root.get("Records").get(0).get("s3");
            ((ObjectNode) s3.get("bucket")).put("name", bucket).put("arn", "arn:aws:s3:::" + bucket);
            ObjectNode object = (ObjectNode) s3.get("object");
            if (key != null) {
                object.put("key", encodeAsS3Does(key));
            }
            object.put("versionId", versionId);
            return LambdaEvents.fromJson(JSON.writeValueAsString(root), S3Event.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static S3Event objectCreated(String bucket, String key, String versionId) {
        return objectCreated(OBJECT_CREATED, bucket, key, versionId);
    }

    /** Form encoding (space as '+', '+' as %2B, UTF-8 escapes) with '/' left as is, as in S3's notifications. */
    static String encodeAsS3Does(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }
}
