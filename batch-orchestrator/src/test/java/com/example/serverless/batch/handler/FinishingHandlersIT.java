package com.example.serverless.batch.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.example.serverless.batch.trigger.RunStarter;
import com.example.serverless.common.config.Env;
import com.example.serverless.common.s3event.MalformedS3EventException;
import com.example.serverless.testsupport.LambdaEvents;
import com.example.serverless.testsupport.LocalAws;
import com.example.serverless.testsupport.LocalAwsTest;
import com.example.serverless.testsupport.TestLambdaContext;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Trigger, archive and notify handlers against the shared local endpoint. */
@LocalAwsTest
class FinishingHandlersIT {

    private final LocalAws aws;
    private final S3Client s3;

    FinishingHandlersIT(LocalAws aws) {
        this.aws = aws;
        this.s3 = LocalResources.s3(aws);
    }

    @Test
    void trigger_startsOneExecutionPerObjectVersion_withTheDecodedKey_andDuplicateDeliveriesStartNothing() {
        // GIVEN a state machine and the sample event (key "input/sales+q1+%282026%29.csv")
        SfnClient sfn = aws.configure(SfnClient.builder()).build();
        String arn = sfn.createStateMachine(b -> b.name(LocalAws.uniqueName("batch-main"))
                        .roleArn("arn:aws:iam::123456789012:role/batch")
                        .definition("{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Succeed\"}}}"))
                .stateMachineArn();
        TriggerHandler handler = new TriggerHandler(sfn, new Env(Map.of("STATE_MACHINE_ARN", arn)));
        S3Event event = LambdaEvents.load("batch-orchestrator-input-created.json", S3Event.class);

        // WHEN the same event arrives twice
        List<RunStarter.Started> first = handler.handleRequest(event, new TestLambdaContext("trigger"));
        List<RunStarter.Started> second = handler.handleRequest(event, new TestLambdaContext("trigger"));

        // THEN one execution exists, named after the object, with the URL-decoded key in its input
        assertThat(first).singleElement().satisfies(s -> assertThat(s.runId()).startsWith("sales_q1__2026_-"));
        assertThat(second)
                .singleElement()
                .extracting(RunStarter.Started::runId)
                .isEqualTo(first.getFirst().runId());
        // the first run is still RUNNING (moto's default backend never finishes it): the second delivery must be
        // told apart from a start and reported as a duplicate
        assertThat(first.getFirst().outcome()).isEqualTo(RunStarter.Outcome.STARTED);
        assertThat(second.getFirst().outcome()).isEqualTo(RunStarter.Outcome.DUPLICATE);
        // the Java runtime must be able to serialize the handler's answer, or every invocation would error
        assertThat(LambdaEvents.toJson(first.getFirst(), RunStarter.Started.class))
                .contains("\"runId\":\"" + first.getFirst().runId() + "\"");
        var executions = sfn.listExecutions(b -> b.stateMachineArn(arn)).executions();
        assertThat(executions)
                .singleElement()
                .satisfies(e -> assertThat(e.name()).isEqualTo(first.getFirst().runId()));
        String input = sfn.describeExecution(
                        b -> b.executionArn(executions.getFirst().executionArn()))
                .input();
        assertThat(input)
                .contains(
                        "\"key\":\"input/sales q1 (2026).csv\"",
                        "\"versionId\":\"sample-version-id\"",
                        "\"bucket\":\"batch-sample-bucket\"");
    }

    @Test
    void trigger_withOneMalformedRecord_startsNoRunAtAll_andNamesTheRecordAndField() {
        // GIVEN an event of two records: a good one first, then one with a truncated % escape in its key
        SfnClient sfn = aws.configure(SfnClient.builder()).build();
        String arn = sfn.createStateMachine(b -> b.name(LocalAws.uniqueName("batch-main"))
                        .roleArn("arn:aws:iam::123456789012:role/batch")
                        .definition("{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Succeed\"}}}"))
                .stateMachineArn();
        TriggerHandler handler = new TriggerHandler(sfn, new Env(Map.of("STATE_MACHINE_ARN", arn)));
        String sample = LambdaEvents.read("batch-orchestrator-input-created.json");
        String record = sample.substring(sample.indexOf('{', sample.indexOf("\"Records\"")), sample.lastIndexOf(']'))
                .strip();
        String bad = record.replace("input/sales+q1+%282026%29.csv", "input/broken%2.csv");
        S3Event event = LambdaEvents.fromJson("{\"Records\":[" + record + "," + bad + "]}", S3Event.class);

        // WHEN / THEN the whole event fails before any run starts (Lambda retries it, then the DLQ keeps it)
        assertThatThrownBy(() -> handler.handleRequest(event, new TestLambdaContext("trigger")))
                .isInstanceOf(MalformedS3EventException.class)
                .hasMessageStartingWith("malformed S3 notification: record 1: s3.object.key 'input/broken%2.csv'"
                        + " has a bad % escape");
        assertThat(sfn.listExecutions(b -> b.stateMachineArn(arn)).executions()).isEmpty();
    }

    @Test
    void archive_movesTheProcessedVersion_keepingItsContentTypeAndMetadata_keepsLaterVersions_andARetrySucceeds() {
        String bucket = LocalResources.versionedBucket(s3);
        String processed = s3.putObject(
                        b -> b.bucket(bucket)
                                .key("input/q 1.csv")
                                .contentType("text/csv")
                                .metadata(Map.of("uploaded-by", "finance")),
                        RequestBody.fromString("v1"))
                .versionId();
        s3.putObject(b -> b.bucket(bucket).key("input/q 1.csv"), RequestBody.fromString("v2")); // uploaded later
        ArchiveHandler handler = new ArchiveHandler(s3, new Env(Map.of("INPUT_ARCHIVE_FOLDER", "input_archive")));
        String request = """
                {"runId":"run-a","bucket":"%s","key":"input/q 1.csv","versionId":"%s"}""".formatted(bucket, processed);

        JsonNode result = LocalResources.invoke(handler, request);
        JsonNode retry = LocalResources.invoke(handler, request);

        assertThat(result.get("archiveKey").asText()).isEqualTo("input_archive/q 1.csv");
        assertThat(retry).isEqualTo(result);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("input_archive/q 1.csv"))
                        .asUtf8String())
                .isEqualTo("v1");
        var archived = s3.headObject(b -> b.bucket(bucket).key("input_archive/q 1.csv"));
        assertThat(archived.contentType())
                .as("content type survives the REPLACE copy")
                .isEqualTo("text/csv");
        assertThat(archived.metadata())
                .containsEntry("uploaded-by", "finance")
                .containsEntry("source-run-id", "run-a")
                .containsEntry("source-version-id", processed);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("input/q 1.csv"))
                        .asUtf8String())
                .isEqualTo("v2");
        assertThatThrownBy(() ->
                        s3.headObject(b -> b.bucket(bucket).key("input/q 1.csv").versionId(processed)))
                .isInstanceOf(S3Exception.class);
    }

    @Test
    void archive_refusesAFolderInsideInput_atInit() {
        assertThatThrownBy(() -> new ArchiveHandler(s3, new Env(Map.of("INPUT_ARCHIVE_FOLDER", "input/done"))))
                .hasMessageContaining("INPUT_ARCHIVE_FOLDER");
    }

    @Test
    void notify_publishesTheCountsAndATimeLimitedLinkToTheOutput() {
        // GIVEN a topic with a queue subscribed, and an output object
        SnsClient sns = aws.configure(SnsClient.builder()).build();
        SqsClient sqs = aws.configure(SqsClient.builder()).build();
        String topic =
                sns.createTopic(b -> b.name(LocalAws.uniqueName("batch-topic"))).topicArn();
        String queue = sqs.createQueue(b -> b.queueName(LocalAws.uniqueName("batch-inbox")))
                .queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queue).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(queueArn));
        String bucket = LocalResources.versionedBucket(s3);
        s3.putObject(b -> b.bucket(bucket).key("output/run-n.csv"), RequestBody.fromString("header\n"));
        S3Presigner presigner = S3Presigner.builder()
                .endpointOverride(aws.endpoint())
                .region(aws.region())
                .credentialsProvider(aws.credentials())
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
                        .pathStyleAccessEnabled(true)
                        .build())
                .build();
        NotifyHandler handler =
                new NotifyHandler(presigner, sns, new Env(Map.of("TOPIC_ARN", topic, "LINK_EXPIRY_MINUTES", "15")));

        // WHEN
        LocalResources.invoke(handler, """
                {"summary":{"runId":"run-n","bucket":"%s","inputKey":"input/n.csv","inputVersionId":"v1",
                 "outputKey":"output/run-n.csv","summaryKey":"output/run-n.summary.json","inputRows":12,
                 "outputRows":10,"errorRows":2,"chunks":1,"startedAt":"2026-11-27T09:00:00Z",
                 "finishedAt":"2026-11-27T09:00:04.200Z","durationMillis":4200},
                 "archiveKey":"input_archive/n.csv"}""".formatted(bucket));

        // THEN
        List<Message> messages = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (messages.isEmpty() && System.nanoTime() < deadline) {
            messages.addAll(sqs.receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(1))
                    .messages());
        }
        assertThat(messages).hasSize(1);
        String body = messages.getFirst().body();
        assertThat(body)
                .contains(
                        "Batch run succeeded: run-n",
                        "Input rows:   12",
                        "Output rows:  10",
                        "Error rows:   2",
                        "archived to input_archive/n.csv",
                        "valid for 15 minutes",
                        "X-Amz-Expires=900",
                        "/" + bucket + "/output/run-n.csv");
    }
}
