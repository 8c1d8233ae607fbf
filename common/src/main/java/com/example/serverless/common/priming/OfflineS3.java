package com.example.serverless.common.priming;

import com.example.serverless.common.priming.OfflineHttpClient.Answer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Answers for an offline S3 client, by the shape of the request: a version listing, a listing (v2), HEAD, GET, PUT, copy, DELETE, a batch
 * delete and the multipart-upload calls. Enough for the suite's S3 readers and writers to run their whole code path while
 * priming. Object {@code key} has two versions, {@code v1} (body {@code oldBody}) and {@code v2} ({@code newBody}),
 * and a delete marker; HEAD or GET of any other key answers 404 (e.g. a report that does not exist yet).
 */
public final class OfflineS3 {

    private static final String NO_SUCH_KEY =
            "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>";

    private OfflineS3() {}

    public static OfflineHttpClient client(String key, String oldBody, String newBody) {
        return new OfflineHttpClient(request -> answer(request, key, oldBody, newBody));
    }

    static Answer answer(SdkHttpRequest request, String key, String oldBody, String newBody) {
        Map<String, List<String>> query = request.rawQueryParameters();
        SdkHttpMethod method = request.method();
        boolean oldVersion = List.of("v1").equals(query.get("versionId"));
        String body = oldVersion ? oldBody : newBody;
        String version = oldVersion ? "v1" : "v2";
        boolean ours = request.encodedPath().endsWith("/" + key)
                || request.encodedPath().endsWith("/" + key.replace("/", "%2F"));
        if ((method == SdkHttpMethod.HEAD || method == SdkHttpMethod.GET)
                && !query.containsKey("versions")
                && !query.containsKey("list-type")
                && !ours) {
            return new Answer(404, Map.of(), method == SdkHttpMethod.HEAD ? "" : NO_SUCH_KEY);
        }
        if (method == SdkHttpMethod.GET && query.containsKey("versions")) {
            return Answer.ok(versionListing(key));
        }
        if (method == SdkHttpMethod.GET && query.containsKey("list-type")) {
            return Answer.ok("<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>priming</Name>"
                    + "<KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated><Contents><Key>"
                    + key + "</Key><LastModified>2026-01-01T00:00:02.000Z</LastModified><ETag>\"v2\"</ETag>"
                    + "<Size>8</Size><StorageClass>STANDARD</StorageClass></Contents></ListBucketResult>");
        }
        if (method == SdkHttpMethod.POST && query.containsKey("delete")) {
            return Answer.ok("<DeleteResult><Deleted><Key>" + key + "</Key><VersionId>v1</VersionId></Deleted>"
                    + "</DeleteResult>");
        }
        if (method == SdkHttpMethod.POST && query.containsKey("uploads")) {
            return Answer.ok("<InitiateMultipartUploadResult><Bucket>priming</Bucket><Key>" + key
                    + "</Key><UploadId>priming</UploadId></InitiateMultipartUploadResult>");
        }
        if (method == SdkHttpMethod.POST && query.containsKey("uploadId")) {
            return Answer.ok("<CompleteMultipartUploadResult><Bucket>priming</Bucket><Key>" + key
                    + "</Key><ETag>\"priming-2\"</ETag></CompleteMultipartUploadResult>");
        }
        if (method == SdkHttpMethod.PUT
                && request.firstMatchingHeader("x-amz-copy-source").isPresent()) {
            return Answer.ok("<CopyObjectResult><ETag>\"priming\"</ETag>"
                    + "<LastModified>2026-01-01T00:00:00.000Z</LastModified></CopyObjectResult>");
        }
        return switch (method) {
            case HEAD ->
                new Answer(
                        200,
                        Map.of(
                                "ETag", List.of("\"" + version + "\""),
                                "Content-Length", List.of(String.valueOf(body.getBytes(StandardCharsets.UTF_8).length)),
                                "Content-Type", List.of("text/plain"),
                                "x-amz-version-id", List.of(version)),
                        "");
            case GET ->
                Answer.ok(Map.of("ETag", List.of("\"" + version + "\""), "x-amz-version-id", List.of(version)), body);
            case PUT -> Answer.ok(Map.of("ETag", List.of("\"priming\""), "x-amz-version-id", List.of("v3")), "");
            case DELETE -> new Answer(204, Map.of(), "");
            default -> new Answer(400, Map.of(), "");
        };
    }

    private static String versionListing(String key) {
        return "<ListVersionsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>priming</Name>"
                + "<Prefix>" + key + "</Prefix><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>"
                + version(key, "v2", true, "2026-01-01T00:00:02.000Z")
                + version(key, "v1", false, "2026-01-01T00:00:01.000Z")
                + "<DeleteMarker><Key>" + key + "</Key><VersionId>d0</VersionId><IsLatest>false</IsLatest>"
                + "<LastModified>2026-01-01T00:00:00.000Z</LastModified></DeleteMarker></ListVersionsResult>";
    }

    private static String version(String key, String id, boolean latest, String modified) {
        return "<Version><Key>" + key + "</Key><VersionId>" + id + "</VersionId><IsLatest>" + latest
                + "</IsLatest><LastModified>" + modified + "</LastModified><ETag>\"" + id + "\"</ETag>"
                + "<Size>8</Size><StorageClass>STANDARD</StorageClass></Version>";
    }
}
