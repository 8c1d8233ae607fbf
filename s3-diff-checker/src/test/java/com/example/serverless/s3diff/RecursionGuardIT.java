package com.example.serverless.s3diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.example.serverless.common.config.Env;
import com.example.serverless.common.s3event.S3EventParser;
import com.example.serverless.s3diff.config.DiffCheckerConfig;
import com.example.serverless.s3diff.handler.DiffCheckerHandler;
import com.example.serverless.s3diff.handler.DiffCheckerHandlerAccess;
import com.example.serverless.testsupport.LambdaEvents;
import com.example.serverless.testsupport.LocalAws;
import com.example.serverless.testsupport.LocalAwsTest;
import com.example.serverless.testsupport.TestLambdaContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.FilterRule;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Proves that the function's own writes cause no further invocation. The local S3 delivers the watched bucket's
 * real notifications (same filters as template.yaml) to an SQS queue; the test hands each one to the handler, as
 * Lambda would, and counts what arrives. moto's notifications omit {@code versionId}, so the test adds the id the
 * PUT returned, which is what S3 itself puts there.
 */
@LocalAwsTest
class RecursionGuardIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private S3Client s3;
    private SqsClient sqs;
    private String bucket;
    private String queueUrl;
    private int invocations;

    @BeforeEach
    void setUp(LocalAws aws) {
        s3 = LocalS3.client(aws);
        sqs = aws.configure(SqsClient.builder()).build();
        bucket = LocalS3.versionedBucket(s3, "guarded-source");
        queueUrl = sqs.createQueue(b -> b.queueName(LocalAws.uniqueName("notifications")))
                .queueUrl();
    }

    @Test
    void fourUploads_leaveThreeVersionsAndThreeReports_andTheReportsNotifyNothing() {
        // GIVEN the watched bucket notifies for each default suffix, as the template's events do
        String reportBucket = LocalS3.plainBucket(s3, "guarded-reports");
        notifyQueue(DiffCheckerConfig.parseSuffixes(DiffCheckerConfig.DEFAULT_SUFFIXES));
        DiffCheckerHandler handler = handler(reportBucket);
        String key = "reports/q1 summary.txt";

        // WHEN four versions are uploaded and every notification is handled
        List<String> versions = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            String versionId = LocalS3.put(s3, bucket, key, "summary\nrevision " + i + "\n");
            versions.add(versionId);
            List<Message> delivered = awaitMessages(1);
            assertThat(delivered).hasSize(1);
            deliver(handler, delivered.getFirst(), ignoredKey -> versionId);
        }

        // THEN three versions and three reports remain, and no notification is left over or arrives later
        assertThat(invocations).isEqualTo(4);
        assertThat(LocalS3.versionIds(s3, bucket, key))
                .containsExactly(versions.get(3), versions.get(2), versions.get(1));
        assertThat(LocalS3.keys(s3, reportBucket))
                .hasSize(3)
                .allSatisfy(k -> assertThat(k).startsWith("_diffs/" + key + "/"));
        assertThat(receive(Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void reportsWrittenIntoTheWatchedBucket_areIgnored_soTheLoopStopsAtOnce() {
        // GIVEN the worst wiring: reports go to the watched bucket, which notifies for every key
        notifyQueue(List.of());
        DiffCheckerHandler handler = handler(bucket);
        String key = "settings.json";

        // WHEN after each upload every notification is handled until the queue stays empty
        List<String> outcomes = new ArrayList<>();
        for (String body : List.of("{\"a\":1}", "{\"a\":2}")) {
            LocalS3.put(s3, bucket, key, body);
            for (List<Message> batch = awaitMessages(1); !batch.isEmpty(); batch = receive(Duration.ofSeconds(1))) {
                for (Message message : batch) {
                    outcomes.addAll(deliver(
                            handler,
                            message,
                            k -> LocalS3.versionIds(s3, bucket, k).getFirst()));
                }
            }
        }

        // THEN the two uploads and the one report were each seen once, and the report stopped the chain
        assertThat(outcomes)
                .containsExactly(
                        "NO_PREVIOUS_VERSION",
                        "REPORTED _diffs/settings.json/"
                                + LocalS3.versionIds(s3, bucket, key).getFirst() + ".json",
                        "SKIPPED_REPORT_KEY");
        assertThat(invocations).isEqualTo(3);
    }

    @Test
    void objectCarryingTheReportMarker_isIgnoredAndKeepsAllItsVersions() {
        DiffCheckerHandler handler = handler(LocalS3.plainBucket(s3, "guarded-reports"));
        String key = "copied/old-report.json";
        String latest = null;
        for (int i = 0; i < 5; i++) {
            latest = LocalS3.put(
                    s3,
                    bucket,
                    key,
                    ("{\"copy\":" + i + "}").getBytes(StandardCharsets.UTF_8),
                    Map.of("diff-checker-report", "true"));
        }

        List<String> outcomes = handler.handleRequest(
                SampleEvents.objectCreated(bucket, key, latest), new TestLambdaContext("diff-checker"));

        assertThat(outcomes).containsExactly("SKIPPED_REPORT_MARKER");
        assertThat(LocalS3.versionIds(s3, bucket, key)).hasSize(5);
    }

    private DiffCheckerHandler handler(String reportBucket) {
        return DiffCheckerHandlerAccess.create(
                s3, new Env(Map.of("REPORT_BUCKET", reportBucket, "KEEP_VERSIONS", "3")));
    }

    /** One queue configuration per suffix (none: every object), like the template's S3 events. */
    private void notifyQueue(List<String> suffixes) {
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings()
                .get("QueueArn");
        List<QueueConfiguration> configurations = new ArrayList<>();
        // rule names in lower case: the SDK's FilterRuleName enum sends "Suffix", which S3 accepts but moto rejects
        if (suffixes.isEmpty()) {
            configurations.add(QueueConfiguration.builder()
                    .id("all")
                    .queueArn(queueArn)
                    .events(Event.S3_OBJECT_CREATED)
                    .build());
        }
        for (String suffix : suffixes) {
            configurations.add(QueueConfiguration.builder()
                    .id("suffix" + suffix)
                    .queueArn(queueArn)
                    .events(Event.S3_OBJECT_CREATED)
                    .filter(f -> f.key(k -> k.filterRules(
                            FilterRule.builder().name("suffix").value(suffix).build())))
                    .build());
        }
        s3.putBucketNotificationConfiguration(
                b -> b.bucket(bucket).notificationConfiguration(n -> n.queueConfigurations(configurations)));
        sqs.purgeQueue(b -> b.queueUrl(queueUrl)); // the s3:TestEvent S3 sends on configuration
    }

    /**
     * Hands one notification to the handler, adding the versionId moto leaves out. The {@code s3:TestEvent} that S3
     * sends to a queue when notifications are configured is not an object notification and is dropped here.
     */
    private List<String> deliver(DiffCheckerHandler handler, Message message, Function<String, String> versionOf) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(message.body());
            sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            if (!root.has("Records")) {
                assertThat(root.path("Event").asText()).isEqualTo("s3:TestEvent");
                return List.of();
            }
            ObjectNode object =
                    (ObjectNode) root.get("Records").get(0).get("s3").get("object");
            object.put(
                    "versionId",
                    versionOf.apply(S3EventParser.decodeKey(object.get("key").asText())));
            S3Event event = LambdaEvents.fromJson(JSON.writeValueAsString(root), S3Event.class);
            invocations++;
            return handler.handleRequest(event, new TestLambdaContext("diff-checker"));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("notification is not JSON: " + message.body(), e);
        }
    }

    /** Polls until {@code count} messages arrived or 10 seconds passed. */
    private List<Message> awaitMessages(int count) {
        List<Message> messages = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (messages.size() < count && System.nanoTime() < deadline) {
            messages.addAll(receive(Duration.ofSeconds(1)));
        }
        return messages;
    }

    private List<Message> receive(Duration wait) {
        return sqs.receiveMessage(
                        b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds((int) wait.toSeconds()))
                .messages();
    }
}
