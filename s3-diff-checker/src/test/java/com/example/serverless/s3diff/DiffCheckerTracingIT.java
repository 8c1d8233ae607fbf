package com.example.serverless.s3diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.serverless.common.aws.AwsClients;
import com.example.serverless.common.aws.ClientTimeouts;
import com.example.serverless.common.config.Env;
import com.example.serverless.s3diff.handler.DiffCheckerHandlerAccess;
import com.example.serverless.testsupport.LocalAws;
import com.example.serverless.testsupport.LocalAwsTest;
import com.example.serverless.testsupport.TestLambdaContext;
import com.example.serverless.testsupport.XRayDaemon;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the diff checker sends to X-Ray in a traced invocation: the handler's real client (built by AwsClients, as
 * its no-arg constructor builds it) against the local S3, a UDP socket standing in for Lambda's X-Ray endpoint,
 * and the trace header the java21 runtime sets for each invocation.
 */
@LocalAwsTest
class DiffCheckerTracingIT {

    private XRayDaemon daemon;
    private S3Client s3;
    private String bucket;
    private Env env;

    @BeforeEach
    void setUp(LocalAws aws) {
        daemon = XRayDaemon.start();
        // what the handler builds, pointed at the local endpoint (path-style: moto has no virtual hosts)
        s3 = AwsClients.configure(S3Client.builder(), ClientTimeouts.STREAMING, aws.region())
                .credentialsProvider(aws.credentials())
                .endpointOverride(aws.endpoint())
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .build();
        bucket = LocalS3.versionedBucket(s3, "diff-traced");
        env = new Env(Map.of(
                "REPORT_BUCKET", LocalS3.plainBucket(s3, "diff-traced-reports"),
                "KEEP_VERSIONS", "5",
                "PENDING_EVENT_SECONDS", "0",
                "POWERTOOLS_METRICS_NAMESPACE", "Test/Diff"));
    }

    @AfterEach
    void tearDown() {
        daemon.close();
        s3.close();
    }

    @Test
    void aSampledInvocation_sendsOneSpanWithTheObjectsIds_andAnAwsSubsegmentPerS3Call() throws Exception {
        // GIVEN two versions of a file (set up before the invocation: not part of its trace)
        String key = "docs/notes v2.txt";
        LocalS3.put(s3, bucket, key, "a\nb\n");
        String v2 = LocalS3.put(s3, bucket, key, "a\nc\n");
        daemon.drain(Duration.ofMillis(100));

        // WHEN Lambda invokes the function with a sampled trace
        String header = XRayDaemon.newTraceHeader(true);
        daemon.invocation(header);
        List<String> outcomes = DiffCheckerHandlerAccess.create(s3, env)
                .handleRequest(SampleEvents.objectCreated(bucket, key, v2), new TestLambdaContext("diff-checker"));
        daemon.invocation(null);

        // THEN one document reaches the X-Ray endpoint: the span, in the invocation's trace, with the ids
        assertThat(outcomes).singleElement().asString().startsWith("REPORTED");
        List<JsonNode> documents = daemon.await(1, Duration.ofSeconds(5));
        assertThat(documents).hasSize(1);
        JsonNode span = documents.get(0);
        assertThat(span.path("name").asText()).isEqualTo("diff-check");
        assertThat(header)
                .startsWith("Root=" + span.path("trace_id").asText() + ";Parent="
                        + span.path("parent_id").asText() + ";");
        assertThat(span.path("annotations").path("bucket").asText()).isEqualTo(bucket);
        assertThat(span.path("annotations").path("key").asText()).isEqualTo(key);
        assertThat(span.path("annotations").path("versionId").asText()).isEqualTo(v2);
        assertThat(span.path("annotations").path("outcome").asText()).isEqualTo("REPORTED");
        assertThat(span.has("fault")).isFalse();

        // AND each S3 call the check made is a subsegment of it, in the "aws" namespace, named by its operation
        List<JsonNode> calls = XRayDaemon.flatten(span).stream()
                .filter(node -> node.has("namespace"))
                .toList();
        assertThat(calls).isNotEmpty().allSatisfy(call -> {
            assertThat(call.path("namespace").asText()).isEqualTo("aws");
            assertThat(call.path("name").asText()).isEqualTo("S3");
            assertThat(call.path("aws").path("region").asText()).isEqualTo(LocalAws.REGION.id());
            assertThat(call.path("http").path("response").path("status").asInt())
                    .isBetween(200, 299);
        });
        List<String> operations = calls.stream()
                .map(c -> c.path("aws").path("operation").asText())
                .toList();
        assertThat(operations).contains("GetObject", "PutObject").doesNotContain("");
        assertThat(daemon.drain(Duration.ofMillis(200))).isEmpty();
    }

    @Test
    void anUnsampledInvocation_orNoTraceHeader_sendsNothing_andStillChecks() throws Exception {
        String key = "quiet.txt";
        LocalS3.put(s3, bucket, key, "a\n");
        String v2 = LocalS3.put(s3, bucket, key, "b\n");
        String v3 = LocalS3.put(s3, bucket, key, "c\n");

        daemon.invocation(XRayDaemon.newTraceHeader(false));
        List<String> unsampled = DiffCheckerHandlerAccess.create(s3, env)
                .handleRequest(SampleEvents.objectCreated(bucket, key, v2), new TestLambdaContext("diff-checker"));
        daemon.invocation(null);
        List<String> untraced = DiffCheckerHandlerAccess.create(s3, env)
                .handleRequest(SampleEvents.objectCreated(bucket, key, v3), new TestLambdaContext("diff-checker"));

        assertThat(unsampled).singleElement().asString().startsWith("REPORTED");
        assertThat(untraced).singleElement().asString().startsWith("REPORTED");
        assertThat(daemon.drain(Duration.ofMillis(500))).isEmpty();
    }
}
