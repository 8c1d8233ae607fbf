package com.example.serverless.batch.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.example.serverless.batch.enrich.ReferenceLoader;
import com.example.serverless.batch.run.ExecutionNames;
import com.example.serverless.batch.run.RunLayout;
import com.example.serverless.batch.sample.SalesSample;
import com.example.serverless.batch.trigger.RunStarter;
import com.example.serverless.batch.validation.Columns;
import com.example.serverless.common.config.Env;
import com.example.serverless.testsupport.LambdaEvents;
import com.example.serverless.testsupport.LocalAws;
import com.example.serverless.testsupport.ProjectPaths;
import com.example.serverless.testsupport.TestLambdaContext;
import com.example.serverless.testsupport.sfn.LambdaBridge;
import com.example.serverless.testsupport.sfn.LocalStepFunctions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Runs both real state machine definitions ({@code statemachines/batch-main.asl.json} and
 * {@code batch-chunk.asl.json}, unchanged apart from the deploy-time substitutions) in moto's Step Functions
 * interpreter, with every Lambda task answered by the real Java handler through {@link LambdaBridge}, and S3,
 * DynamoDB, SNS and SQS served by the same moto over HTTP. The only scripted behaviour is the injected chunk
 * failure in {@link #failureInOneChunk_failsTheRun_notifiesInPlainWords_removesItsErrorRows_andLeavesTheInput} and the injected archive
 * failure; one test deploys a chunk definition edited to send no delimiter (a definition from another version of
 * the stack), and the tab and semicolon runs deploy the same definitions again with their own split function.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchWorkflowIT {

    private static final String ACCOUNT = "123456789012";
    private static final String REGION = "us-east-1";
    private static final String INPUT_KEY = "input/sales q1 (2026).csv"; // the sample event's key, URL-decoded
    private static final String ARCHIVE_FOLDER = "input_archive";
    private static final Duration RUN_DEADLINE = Duration.ofSeconds(150);
    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalStepFunctions local;
    private S3Client s3;
    private DynamoDbClient dynamoDb;
    private SfnClient sfn;
    private SnsClient sns;
    private SqsClient sqs;
    private String referenceTable;
    private String errorTable;
    private String topicArn;
    private String mainStateMachineArn;
    private TriggerHandler trigger;
    /** Set by the chunk-failure test: part 2 of this run fails as if its chunk could not be read. */
    private volatile String failChunkTwoOfRun;
    /** Run id whose archive step fails (after the merge has published its output), or null. */
    private volatile String failArchiveOfRun;
    /** The message of the last failure notification {@code assertFailureHandled} read. */
    private String lastFailureMessage;

    @BeforeAll
    void deployLocally() throws Exception {
        local = LocalStepFunctions.start();
        s3 = local(S3Client.builder()).forcePathStyle(true).build();
        dynamoDb = local(DynamoDbClient.builder()).build();
        sfn = local(SfnClient.builder()).build();
        sns = local(SnsClient.builder()).build();
        sqs = local(SqsClient.builder()).build();
        referenceTable = LocalAws.uniqueName("batch-reference");
        errorTable = LocalAws.uniqueName("batch-errors");
        createTable(referenceTable, false);
        createTable(errorTable, true);
        topicArn = sns.createTopic(b -> b.name(LocalAws.uniqueName("batch-notify")))
                .topicArn();

        Env env = env(",");
        S3Presigner presigner = S3Presigner.builder()
                .endpointOverride(local.endpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(credentials())
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
                        .pathStyleAccessEnabled(true)
                        .build())
                .build();
        LambdaBridge bridge = local.bridge();
        bridge.bind("batch-split", new SplitHandler(s3, env));
        // the same functions deployed with FileDelimiter \t and ; (the delimiter is a per-deployment setting)
        bridge.bind("batch-split-tab", new SplitHandler(s3, env("\\t")));
        bridge.bind("batch-split-semicolon", new SplitHandler(s3, env(";")));
        bridge.bind("batch-chunk", failingPartTwo(new ChunkHandler(s3, dynamoDb, env)));
        bridge.bind("batch-merge", new MergeHandler(s3, dynamoDb, env));
        bridge.bind("batch-archive", failingArchive(new ArchiveHandler(s3, env)));
        bridge.bind("batch-notify", new NotifyHandler(presigner, sns, env));
        bridge.bind("batch-failure", new FailureHandler(s3, dynamoDb, sns, env));

        Deployment deployment = deploy("batch-split", chunkDefinition -> chunkDefinition);
        mainStateMachineArn = deployment.mainStateMachineArn();
        trigger = deployment.trigger();
    }

    private Env env(String fileDelimiter) {
        return new Env(Map.of(
                "FILE_CHUNK_SIZE", "1000",
                "FILE_DELIMITER", fileDelimiter,
                "REFERENCE_TABLE", referenceTable,
                "ERROR_TABLE", errorTable,
                "INPUT_ARCHIVE_FOLDER", ARCHIVE_FOLDER,
                "TOPIC_ARN", topicArn,
                "LINK_EXPIRY_MINUTES", "60"));
    }

    private record Deployment(String mainStateMachineArn, TriggerHandler trigger) {}

    /**
     * Creates both state machines from the real definitions, as one stack would, with the split function bound to
     * {@code splitFunction} and the chunk definition passed through {@code chunkDefinitionEdit} (identity for the
     * real one).
     */
    private Deployment deploy(String splitFunction, UnaryOperator<String> chunkDefinitionEdit) throws IOException {
        String role = "arn:aws:iam::" + ACCOUNT + ":role/batch-local";
        String chunkDefinition = chunkDefinitionEdit.apply(
                definition("batch-chunk.asl.json", Map.of("ChunkFunctionArn", functionArn("batch-chunk"))));
        String chunkArn = sfn.createStateMachine(b ->
                        b.name(LocalAws.uniqueName("batch-chunk")).roleArn(role).definition(chunkDefinition))
                .stateMachineArn();
        String mainDefinition = definition(
                "batch-main.asl.json",
                Map.of(
                        "ChunkConcurrency", "4",
                        "SplitFunctionArn", functionArn(splitFunction),
                        "MergeFunctionArn", functionArn("batch-merge"),
                        "ArchiveFunctionArn", functionArn("batch-archive"),
                        "NotifyFunctionArn", functionArn("batch-notify"),
                        "FailureFunctionArn", functionArn("batch-failure"),
                        "ChunkStateMachineArn", chunkArn,
                        "NotificationTopicArn", topicArn));
        String mainArn = sfn.createStateMachine(b ->
                        b.name(LocalAws.uniqueName("batch-main")).roleArn(role).definition(mainDefinition))
                .stateMachineArn();
        return new Deployment(mainArn, new TriggerHandler(sfn, new Env(Map.of("STATE_MACHINE_ARN", mainArn))));
    }

    @AfterAll
    void stop() {
        local.close();
    }

    @Test
    void tenThousandRowsWith37InvalidOnes_yieldOrderedOutput37ErrorRowsArchiveAndOneNotification() {
        // GIVEN the generated 10k-row sample (BOM, CRLF, a blank line, quoted fields, 37 bad rows of 8 kinds)
        SalesSample.Sample sample = SalesSample.generate(10_000, 37, 20261127L);
        loadReference(sample);
        Upload upload = upload(sample.csv());

        // WHEN the upload event reaches the trigger
        Run run = trigger(upload);

        // THEN the run succeeds with a summary whose counts add up
        assertThat(run.execution.status()).as(run.describe()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode summary = readJson(upload.bucket, RunLayout.summaryKey(run.runId));
        assertThat(summary.get("inputRows").asLong()).isEqualTo(10_000);
        assertThat(summary.get("outputRows").asLong()).isEqualTo(10_000 - 37);
        assertThat(summary.get("errorRows").asLong()).isEqualTo(37);
        assertThat(summary.get("chunks").asInt()).isEqualTo(10);
        assertThat(json(run.execution.output()).get("outputKey").asText()).isEqualTo(RunLayout.outputKey(run.runId));

        // AND one output file holds exactly the valid rows, in input order, each enriched with its reference row
        List<List<String>> output = readCsv(upload.bucket, RunLayout.outputKey(run.runId));
        List<String> expectedHeader = new ArrayList<>(List.of(SalesSample.HEADER.split(",")));
        expectedHeader.addAll(Columns.REFERENCE);
        assertThat(output.getFirst()).isEqualTo(expectedHeader);
        List<List<String>> rows = output.subList(1, output.size());
        assertThat(rows).extracting(List::getFirst).containsExactlyElementsOf(sample.validUuids());
        Map<String, List<String>> reference = referenceByUuid(sample);
        assertThat(rows).allSatisfy(row -> assertThat(row.subList(8, 14)).isEqualTo(reference.get(row.getFirst())));
        assertThat(rows).extracting(row -> row.get(2)).contains("Snacks, assorted", "12\" Pizza", "Office\nSupplies");

        // AND the 37 error rows are recorded under this run, with their row numbers and reasons
        List<Map<String, AttributeValue>> errors = errorRows(run.runId);
        assertThat(errors)
                .extracting(e -> Long.parseLong(e.get("rowNumber").n()))
                .containsExactlyElementsOf(sample.invalidRows().keySet());
        assertThat(errors).allSatisfy(e -> assertThat(e.get("reason").s()).isNotBlank());
        assertThat(errors).allSatisfy(e -> assertThat(e.get("rawLine").s()).isNotBlank());
        assertThat(errors)
                .extracting(e -> e.get("reason").s())
                .anyMatch(reason -> reason.startsWith("no reference data for uuid"))
                .anyMatch(reason -> reason.contains("is before Order Date"))
                .anyMatch(reason -> reason.equals("expected 8 fields, found 7"));

        // AND the input moved to the archive folder, and the requester got exactly one notification
        assertArchived(upload);
        List<JsonNode> notifications = notifications(upload, run, 1);
        assertThat(notifications).hasSize(1);
        assertThat(notifications.getFirst().get("Subject").asText()).isEqualTo("Batch run succeeded: " + run.runId);
        String message = notifications.getFirst().get("Message").asText();
        assertThat(message).contains("Input rows:   10000", "Output rows:  9963", "Error rows:   37");
        Matcher link = Pattern.compile("(http\\S+)").matcher(message);
        assertThat(link.find()).isTrue();
        assertThat(link.group(1))
                .contains(RunLayout.outputKey(run.runId).replace(".csv", ""))
                .contains("X-Amz-Expires=3600");
    }

    @Test
    void cleanFile_outputsEveryRowAndRecordsNoErrors() {
        SalesSample.Sample sample = SalesSample.generate(25, 0, 11L);
        loadReference(sample);
        Upload upload = upload(sample.csv());

        Run run = trigger(upload);

        assertThat(run.execution.status()).as(run.describe()).isEqualTo(ExecutionStatus.SUCCEEDED);
        List<List<String>> output = readCsv(upload.bucket, RunLayout.outputKey(run.runId));
        assertThat(output.subList(1, output.size()))
                .extracting(List::getFirst)
                .containsExactlyElementsOf(sample.validUuids());
        assertThat(errorRows(run.runId)).isEmpty();
        assertArchived(upload);
        assertThat(notifications(upload, run, 1)).hasSize(1);
    }

    @Test
    void headerOnlyFile_succeedsWithAHeaderOnlyOutputAndZeroCounts() {
        Upload upload = upload(SalesSample.HEADER + "\r\n");

        Run run = trigger(upload);

        assertThat(run.execution.status()).as(run.describe()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode summary = json(run.execution.output());
        assertThat(summary.get("inputRows").asLong()).isZero();
        assertThat(summary.get("outputRows").asLong()).isZero();
        assertThat(summary.get("errorRows").asLong()).isZero();
        assertThat(summary.get("chunks").asInt()).isZero();
        assertThat(readCsv(upload.bucket, RunLayout.outputKey(run.runId))).hasSize(1);
        assertArchived(upload);
        assertThat(notifications(upload, run, 1)).hasSize(1);
    }

    @Test
    void emptyFile_failsWithTheReasonNotifiedAndTheInputLeftInPlace() {
        Upload upload = upload("");

        Run run = trigger(upload);

        assertThat(run.execution.status()).as(run.describe()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(run.execution.error()).isEqualTo("com.example.serverless.batch.run.InvalidInputException");
        assertFailureHandled(run, upload, "the file is empty: a header row is required");
    }

    @Test
    void failureInOneChunk_failsTheRun_notifiesInPlainWords_removesItsErrorRows_andLeavesTheInput() {
        // GIVEN 2,500 rows (3 chunks) with 30 invalid ones spread over every chunk, and chunk 2 failing
        SalesSample.Sample sample = SalesSample.generate(2_500, 30, 5L);
        loadReference(sample);
        Upload upload = upload(sample.csv());
        int invocationsBefore = local.bridge().invocations().size();
        try {
            failChunkTwoOfRun = ExecutionNames.forObject(upload.bucket, INPUT_KEY, upload.versionId);

            Run run = trigger(upload);

            assertThat(run.execution.status()).as(run.describe()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(run.execution.error()).isEqualTo("States.TaskFailed");
            assertFailureHandled(run, upload, "injected: chunk 2 could not be read");
            List<String> invocations = local.bridge().invocations();
            assertThat(invocations.subList(invocationsBefore, invocations.size()))
                    .as("merge never ran")
                    .contains("batch-split", "batch-chunk", "batch-failure")
                    .doesNotContain("batch-merge", "batch-archive");
            // THEN the message says which chunk and rows, the error class and message, and what to do, in plain
            // words (no child-execution JSON, no stack trace)
            String message = lastFailureMessage;
            assertThat(message)
                    .contains(
                            "chunk 2 of 3, data rows 1001-2000",
                            "Error:      java.io.UncheckedIOException: java.io.IOException: injected: chunk 2 could not be read",
                            "What to do: ",
                            "upload the file again")
                    .doesNotContain("stackTrace", "ExecutionArn", "\\\"", "{\"");
            // AND the error rows that chunks 1 and 3 had recorded are gone: the table holds successful runs only
            assertThat(message).containsPattern("the [1-9][0-9]* error rows this run had recorded were removed");
            assertThat(errorRows(run.runId)).isEmpty();
        } finally {
            failChunkTwoOfRun = null;
        }
    }

    @Test
    void archiveFailingAfterTheMerge_failsTheRun_butKeepsTheErrorRowsOfThePublishedOutput_andSaysSo() {
        // GIVEN 1,200 rows with 12 invalid ones, and an archive step that fails after the merge published the output
        SalesSample.Sample sample = SalesSample.generate(1_200, 12, 7L);
        loadReference(sample);
        Upload upload = upload(sample.csv());
        try {
            failArchiveOfRun = ExecutionNames.forObject(upload.bucket, INPUT_KEY, upload.versionId);

            Run run = trigger(upload);

            assertThat(run.execution.status()).as(run.describe()).isEqualTo(ExecutionStatus.FAILED);
            // THEN the published output stays complete with the error rows it does not contain: 1,200 = 1,188 + 12
            assertThat(objectExists(upload.bucket, RunLayout.outputKey(run.runId)))
                    .isTrue();
            assertThat(errorRows(run.runId)).hasSize(12);
            assertThat(objectExists(upload.bucket, INPUT_KEY))
                    .as("input still in input/")
                    .isTrue();
            // AND the notification says what happened instead of "nothing was published"
            String message =
                    notifications(upload, run, 1).getFirst().get("Message").asText();
            assertThat(message)
                    .contains(
                            "failed after its output was published",
                            "injected: archive refused",
                            "kept in the error table with the published output")
                    .doesNotContain("Nothing was published", "were removed");
        } finally {
            failArchiveOfRun = null;
        }
    }

    @ParameterizedTest(name = "FileDelimiter {0}")
    @CsvSource(
            value = {"batch-split-tab|\\t|\t", "batch-split-semicolon|;|;"},
            delimiter = '|',
            ignoreLeadingAndTrailingWhitespace = false)
    void tabAndSemicolonFiles_runThroughBothStateMachines_andTheOutputAndErrorRowsKeepTheirDelimiter(
            String splitFunction, String fileDelimiter, char delimiter) throws IOException {
        // GIVEN a stack deployed with FileDelimiter set to a tab or a semicolon, and a 3,000-row file in it (BOM,
        // CRLF, a blank line, values holding the delimiter, a quote and a line break, 24 bad rows of 8 kinds)
        Deployment deployment = deploy(splitFunction, chunkDefinition -> chunkDefinition);
        SalesSample.Sample sample = SalesSample.generate(3_000, 24, 20261130L, delimiter);
        loadReference(sample);
        Upload upload = upload(sample.csv());

        // WHEN the upload event reaches that stack's trigger
        Run run = trigger(upload, deployment.trigger());

        // THEN the run succeeds and every row is accounted for: 3,000 = 2,976 + 24 over 3 chunks
        assertThat(run.execution.status()).as(run.describe()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode summary = readJson(upload.bucket, RunLayout.summaryKey(run.runId));
        assertThat(summary.get("inputRows").asLong()).isEqualTo(3_000);
        assertThat(summary.get("outputRows").asLong()).isEqualTo(3_000 - 24);
        assertThat(summary.get("errorRows").asLong()).isEqualTo(24);
        assertThat(summary.get("chunks").asInt()).isEqualTo(3);

        // AND the output is written in the input's delimiter: its header line, and every row with 14 fields
        String output = s3.getObjectAsBytes(b -> b.bucket(upload.bucket).key(RunLayout.outputKey(run.runId)))
                .asUtf8String();
        List<String> expectedHeader = new ArrayList<>(List.of(SalesSample.HEADER.split(",")));
        expectedHeader.addAll(Columns.REFERENCE);
        assertThat(output).startsWith(String.join(String.valueOf(delimiter), expectedHeader) + "\n");
        List<List<String>> rows = readCsv(output, delimiter);
        assertThat(rows.getFirst()).isEqualTo(expectedHeader);
        rows = rows.subList(1, rows.size());
        assertThat(rows).allSatisfy(row -> assertThat(row).hasSize(14));
        assertThat(rows).extracting(List::getFirst).containsExactlyElementsOf(sample.validUuids());
        Map<String, List<String>> reference = referenceByUuid(sample);
        assertThat(rows).allSatisfy(row -> assertThat(row.subList(8, 14)).isEqualTo(reference.get(row.getFirst())));
        // the value holding the delimiter came through whole (quoted), as did the quote and the line break
        assertThat(rows)
                .extracting(row -> row.get(2))
                .contains("Snacks" + delimiter + " assorted", "12\" Pizza", "Office\nSupplies");

        // AND each bad row is an error row with its reason, its raw line kept in the input's delimiter
        List<Map<String, AttributeValue>> errors = errorRows(run.runId);
        assertThat(errors)
                .extracting(e -> Long.parseLong(e.get("rowNumber").n()))
                .containsExactlyElementsOf(sample.invalidRows().keySet());
        assertThat(errors).allSatisfy(e -> {
            String kind =
                    sample.invalidRows().get(Long.parseLong(e.get("rowNumber").n()));
            String reason = e.get("reason").s();
            switch (kind) {
                case "missing field" -> assertThat(reason).isEqualTo("expected 8 fields, found 7");
                case "no reference data" -> assertThat(reason).startsWith("no reference data for uuid");
                case "ship before order" -> assertThat(reason).contains("is before Order Date");
                default -> assertThat(reason).isNotBlank().doesNotContain("fields, found");
            }
            assertThat(e.get("rawLine").s()).contains(String.valueOf(delimiter));
        });
        assertArchived(upload);
        assertThat(notifications(upload, run, 1)).hasSize(1);
    }

    @Test
    void aChunkPayloadWithoutItsDelimiter_failsTheRunThroughTheFailurePath_namingTheField() throws IOException {
        // GIVEN a stack whose chunk workflow (from another version of the definitions) sends no delimiter
        Deployment stale = deploy("batch-split", chunkDefinition -> {
            ObjectNode definition = (ObjectNode) json(chunkDefinition);
            ((ObjectNode) definition.at("/States/ProcessChunk/Parameters/Payload")).remove("delimiter.$");
            return definition.toString();
        });
        SalesSample.Sample sample = SalesSample.generate(25, 3, 5L);
        loadReference(sample);
        Upload upload = upload(sample.csv());
        int invocationsBefore = local.bridge().invocations().size();

        // WHEN the file is uploaded
        Run run = trigger(upload, stale.trigger());

        // THEN the chunk step refuses its payload instead of reading the chunk as comma-separated, and the run
        // ends FAILED through the failure step: one failure notification naming the field, nothing published
        assertThat(run.execution.status()).as(run.describe()).isEqualTo(ExecutionStatus.FAILED);
        assertFailureHandled(run, upload, "field 'delimiter'");
        assertThat(lastFailureMessage)
                .contains(
                        "Error:      com.example.serverless.batch.run.InvalidStepInputException: step input is not a"
                                + " valid ChunkRequest: field 'delimiter': Missing creator property 'delimiter'",
                        "deploy the stack again")
                .doesNotContain("succeeded");
        List<String> invocations = local.bridge().invocations();
        assertThat(invocations.subList(invocationsBefore, invocations.size()))
                .contains("batch-split", "batch-chunk", "batch-failure")
                .doesNotContain("batch-merge", "batch-archive", "batch-notify");
        assertThat(objectExists(upload.bucket, RunLayout.summaryKey(run.runId))).isFalse();
        assertThat(errorRows(run.runId)).isEmpty();
    }

    @Test
    void hostileCsv_withEmojiOverLongTextAndInvalidBytes_succeeds_withThoseRowsAsErrorRows_andValidBytesUnchanged() {
        // GIVEN valid rows in several scripts (one with 51 emoji: 102 UTF-16 units, 51 characters) and bad rows:
        // 101 emoji, an over-long line whose cut falls inside an emoji, a quoted value cut inside an emoji, and
        // bytes that are not UTF-8 (Latin-1)
        String grin = "\uD83D\uDE00";
        List<String> uuids = IntStream.range(0, 9)
                .mapToObj(i -> "%08d-1111-4222-8333-444455556666".formatted(i))
                .toList();
        StringBuilder reference =
                new StringBuilder("uuid,unitsSold,unitPrice,unitCost,totalRevenue,totalCost,totalProfit\n");
        uuids.forEach(u -> reference.append(u).append(",10,2.50,1.25,25.00,12.50,12.50\n"));
        new ReferenceLoader(dynamoDb, referenceTable)
                .load(new ByteArrayInputStream(reference.toString().getBytes(StandardCharsets.UTF_8)));
        String tail = ",Online,H,1/2/2020,Asia,1/3/2020";
        List<String> validLines = List.of(
                uuids.get(0) + ",Japan \u65E5\u672C,Snacks" + tail,
                uuids.get(1) + "," + grin.repeat(51) + ",Toys" + tail,
                uuids.get(2) + ",\u0395\u03BB\u03BB\u03AC\u03B4\u03B1 \uD83C\uDDEC\uD83C\uDDF7,Caf\u00E9" + tail,
                uuids.get(3) + ",Chad,Meat" + tail);
        List<byte[]> badLines = List.of(
                (uuids.get(4) + "," + grin.repeat(101) + ",Toys" + tail).getBytes(StandardCharsets.UTF_8),
                (uuids.get(5) + "," + "x".repeat(32_700) + grin.repeat(100) + ",Toys" + tail)
                        .getBytes(StandardCharsets.UTF_8),
                (uuids.get(6) + ",Chad,Meat,Online," + "x".repeat(39) + grin.repeat(5) + ",1/2/2020,Asia,1/3/2020")
                        .getBytes(StandardCharsets.UTF_8),
                (uuids.get(7) + ",C\u00F4te d'Ivoire,Caf\u00E9" + tail).getBytes(StandardCharsets.ISO_8859_1));
        java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
        file.writeBytes((SalesSample.HEADER + "\n").getBytes(StandardCharsets.UTF_8));
        // rows 1-4 valid, 5-8 bad, 9 valid again
        validLines.forEach(line -> file.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8)));
        badLines.forEach(line -> {
            file.writeBytes(line);
            file.write('\n');
        });
        String lastValid = uuids.get(8) + ",Tuvalu,Snacks" + tail;
        file.writeBytes((lastValid + "\n").getBytes(StandardCharsets.UTF_8));
        Upload upload = upload(file.toByteArray());

        // WHEN the upload is processed through both real state machines
        Run run = trigger(upload);

        // THEN the run SUCCEEDS and input rows = output rows + error rows
        assertThat(run.execution.status()).as(run.describe()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode summary = readJson(upload.bucket, RunLayout.summaryKey(run.runId));
        assertThat(summary.get("inputRows").asLong()).isEqualTo(9);
        assertThat(summary.get("outputRows").asLong()).isEqualTo(5);
        assertThat(summary.get("errorRows").asLong()).isEqualTo(4);

        // AND the bad rows are error rows whose text DynamoDB accepts, the undecodable one with its exact bytes
        List<Map<String, AttributeValue>> errors = errorRows(run.runId);
        assertThat(errors)
                .extracting(e -> Long.parseLong(e.get("rowNumber").n()))
                .containsExactly(5L, 6L, 7L, 8L);
        assertThat(errors).allSatisfy(e -> {
            assertThat(com.example.serverless.batch.TestText.isWellFormed(
                            e.get("reason").s()))
                    .isTrue();
            assertThat(com.example.serverless.batch.TestText.isWellFormed(
                            e.get("rawLine").s()))
                    .isTrue();
        });
        assertThat(errors.get(0).get("reason").s()).isEqualTo("Country is longer than 100 characters (code points)");
        assertThat(errors.get(1).get("rawLineTruncated").bool()).isTrue();
        assertThat(errors.get(2).get("reason").s()).startsWith("Order Priority '" + "x".repeat(39) + grin);
        assertThat(errors.get(3).get("reason").s()).contains("not valid UTF-8", "byte 0xF4 at byte offset ");
        assertThat(errors.get(3).get("rawBytes").b().asByteArray()).isEqualTo(badLines.get(3));

        // AND every valid row's bytes reach the output unchanged, followed by the canonical reference numbers
        String output = s3.getObjectAsBytes(b -> b.bucket(upload.bucket).key(RunLayout.outputKey(run.runId)))
                .asUtf8String();
        List<String> outputLines = List.of(output.split("\n"));
        List<String> expectedValid = new ArrayList<>(validLines);
        expectedValid.add(lastValid);
        assertThat(outputLines.subList(1, outputLines.size()))
                .containsExactlyElementsOf(expectedValid.stream()
                        .map(line -> line + ",10,2.5,1.25,25,12.5,12.5")
                        .toList());
        assertArchived(upload);
    }

    @Test
    void duplicateEvent_startsOneRunAndIsNotAnError() {
        SalesSample.Sample sample = SalesSample.generate(10, 0, 3L);
        loadReference(sample);
        Upload upload = upload(sample.csv());

        Run first = trigger(upload);
        List<RunStarter.Started> second = trigger.handleRequest(event(upload), new TestLambdaContext("batch-trigger"));

        assertThat(first.execution.status()).as(first.describe()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(second).singleElement().satisfies(s -> {
            assertThat(s.outcome()).isEqualTo(RunStarter.Outcome.DUPLICATE);
            assertThat(s.runId()).isEqualTo(first.runId);
        });
        assertThat(sfn.listExecutions(b -> b.stateMachineArn(mainStateMachineArn))
                        .executions())
                .filteredOn(e -> e.name().equals(first.runId))
                .hasSize(1);
        assertThat(notifications(upload, first, 1)).hasSize(1);
    }

    // ---- helpers ----

    private record Upload(String bucket, String versionId, String queueUrl) {}

    private record Run(String runId, String executionArn, DescribeExecutionResponse execution) {
        String describe() {
            return "execution " + executionArn + " " + execution.status() + " error=" + execution.error() + " cause="
                    + execution.cause();
        }
    }

    private Upload upload(String csv) {
        return upload(csv.getBytes(StandardCharsets.UTF_8));
    }

    private Upload upload(byte[] csv) {
        String bucket = LocalAws.uniqueName("batch-wf");
        s3.createBucket(b -> b.bucket(bucket));
        s3.putBucketVersioning(
                b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        PutObjectResponse put =
                s3.putObject(b -> b.bucket(bucket).key(INPUT_KEY).contentType("text/csv"), RequestBody.fromBytes(csv));
        String queueUrl = sqs.createQueue(b -> b.queueName(LocalAws.uniqueName("batch-notify-inbox")))
                .queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
        return new Upload(bucket, put.versionId(), queueUrl);
    }

    private S3Event event(Upload upload) {
        String json = LambdaEvents.read("batch-orchestrator-input-created.json")
                .replace("batch-sample-bucket", upload.bucket)
                .replace("sample-version-id", upload.versionId);
        return LambdaEvents.fromJson(json, S3Event.class);
    }

    private Run trigger(Upload upload) {
        return trigger(upload, trigger);
    }

    private Run trigger(Upload upload, TriggerHandler trigger) {
        List<RunStarter.Started> started = trigger.handleRequest(event(upload), new TestLambdaContext("batch-trigger"));
        assertThat(started)
                .singleElement()
                .extracting(RunStarter.Started::outcome)
                .isEqualTo(RunStarter.Outcome.STARTED);
        String arn = started.getFirst().executionArn();
        return new Run(started.getFirst().runId(), arn, LocalStepFunctions.awaitEnd(sfn, arn, RUN_DEADLINE));
    }

    private void assertArchived(Upload upload) {
        assertThat(s3.headObject(b -> b.bucket(upload.bucket).key(ARCHIVE_FOLDER + "/sales q1 (2026).csv"))
                        .contentLength())
                .isNotNull();
        assertThat(objectExists(upload.bucket, INPUT_KEY))
                .as("input left in input/")
                .isFalse();
    }

    private void assertFailureHandled(Run run, Upload upload, String reason) {
        List<JsonNode> notifications = notifications(upload, run, 1);
        assertThat(notifications).hasSize(1);
        assertThat(notifications.getFirst().get("Subject").asText()).isEqualTo("Batch run failed: " + run.runId);
        lastFailureMessage = notifications.getFirst().get("Message").asText();
        assertThat(lastFailureMessage).contains(reason).contains("The input was left where it was uploaded");
        assertThat(objectExists(upload.bucket, INPUT_KEY))
                .as("input still in input/")
                .isTrue();
        assertThat(objectExists(upload.bucket, ARCHIVE_FOLDER + "/sales q1 (2026).csv"))
                .isFalse();
        assertThat(objectExists(upload.bucket, RunLayout.outputKey(run.runId))).isFalse();
    }

    /** Waits for {@code expected} notifications about the run, then checks briefly that no more arrive. */
    private List<JsonNode> notifications(Upload upload, Run run, int expected) {
        String queueUrl = upload.queueUrl;
        List<JsonNode> found = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        boolean drainedOnceMore = false;
        while (System.nanoTime() < deadline) {
            List<Message> messages = sqs.receiveMessage(
                            b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            for (Message message : messages) {
                JsonNode envelope = json(message.body());
                if (envelope.get("Message").asText().contains(run.runId)) {
                    found.add(envelope);
                }
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
            if (found.size() >= expected && messages.isEmpty()) {
                if (drainedOnceMore) {
                    break;
                }
                drainedOnceMore = true;
            }
        }
        return found;
    }

    private void loadReference(SalesSample.Sample sample) {
        new ReferenceLoader(dynamoDb, referenceTable)
                .load(new ByteArrayInputStream(sample.referenceCsv().getBytes(StandardCharsets.UTF_8)));
    }

    private static Map<String, List<String>> referenceByUuid(SalesSample.Sample sample) {
        Map<String, List<String>> byUuid = new HashMap<>();
        for (String line : sample.referenceCsv().split("\n")) {
            List<String> fields = List.of(line.split(","));
            if (fields.getFirst().equals("uuid")) {
                continue; // the header
            }
            // the output carries the canonical number form whatever the table returns (ReferenceRecordTest)
            byUuid.put(
                    fields.getFirst(),
                    fields.subList(1, fields.size()).stream()
                            .map(value ->
                                    com.example.serverless.batch.enrich.ReferenceRecord.canonical("reference", value))
                            .toList());
        }
        return byUuid;
    }

    private List<Map<String, AttributeValue>> errorRows(String runId) {
        return dynamoDb
                .queryPaginator(b -> b.tableName(errorTable)
                        .keyConditionExpression("runId = :r")
                        .expressionAttributeValues(Map.of(":r", AttributeValue.fromS(runId))))
                .items()
                .stream()
                .toList();
    }

    private List<List<String>> readCsv(String bucket, String key) {
        byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        return readCsv(new String(bytes, StandardCharsets.UTF_8), ',');
    }

    private static List<List<String>> readCsv(String text, char delimiter) {
        try (CsvReader<CsvRecord> reader =
                CsvReader.builder().fieldSeparator(delimiter).ofCsvRecord(text)) {
            return reader.stream().map(CsvRecord::getFields).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode readJson(String bucket, String key) {
        return json(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String());
    }

    private boolean objectExists(String bucket, String key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private RequestStreamHandler failingArchive(RequestStreamHandler archiveHandler) {
        return (input, output, context) -> {
            byte[] payload = input.readAllBytes();
            if (JSON.readTree(payload).get("runId").asText().equals(failArchiveOfRun)) {
                throw new IllegalStateException("injected: archive refused");
            }
            archiveHandler.handleRequest(new ByteArrayInputStream(payload), output, context);
        };
    }

    private RequestStreamHandler failingPartTwo(RequestStreamHandler chunkHandler) {
        return (input, output, context) -> {
            byte[] payload = input.readAllBytes();
            JsonNode request = JSON.readTree(payload);
            if (request.get("runId").asText().equals(failChunkTwoOfRun)
                    && request.get("part").asInt() == 2) {
                // chunk 2 does its work (its error rows are written), waits until chunks 1 and 3 have written
                // theirs, then fails: the failure step must find and remove the rows of every chunk
                chunkHandler.handleRequest(
                        new ByteArrayInputStream(payload), new java.io.ByteArrayOutputStream(), context);
                String bucket = request.get("bucket").asText();
                String runId = request.get("runId").asText();
                awaitObject(bucket, RunLayout.processedKey(runId, 1));
                awaitObject(bucket, RunLayout.processedKey(runId, 3));
                throw new UncheckedIOException(new IOException("injected: chunk 2 could not be read"));
            }
            chunkHandler.handleRequest(new ByteArrayInputStream(payload), output, context);
        };
    }

    private void awaitObject(String bucket, String key) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!objectExists(bucket, key)) {
            assertThat(System.nanoTime()).as("waiting for " + key).isLessThan(deadline);
            pause(Duration.ofMillis(200));
        }
    }

    private void createTable(String name, boolean withRowNumber) {
        dynamoDb.createTable(b -> {
            b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST);
            if (withRowNumber) {
                b.attributeDefinitions(
                                a -> a.attributeName("runId").attributeType(ScalarAttributeType.S),
                                a -> a.attributeName("rowNumber").attributeType(ScalarAttributeType.N))
                        .keySchema(
                                k -> k.attributeName("runId").keyType(KeyType.HASH),
                                k -> k.attributeName("rowNumber").keyType(KeyType.RANGE));
            } else {
                b.attributeDefinitions(a -> a.attributeName("uuid").attributeType(ScalarAttributeType.S))
                        .keySchema(k -> k.attributeName("uuid").keyType(KeyType.HASH));
            }
        });
    }

    private static String definition(String file, Map<String, String> substitutions) throws IOException {
        String text =
                Files.readString(ProjectPaths.root().resolve("statemachines").resolve(file));
        for (Map.Entry<String, String> entry : substitutions.entrySet()) {
            text = text.replace("${" + entry.getKey() + "}", entry.getValue());
        }
        assertThat(text)
                .as("every DefinitionSubstitution of " + file + " is provided")
                .doesNotContain("${");
        return text;
    }

    private static String functionArn(String name) {
        return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + name;
    }

    private <
                    B extends
                            AwsClientBuilder<B, C>
                                    & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>,
                    C>
            B local(B builder) {
        return builder.endpointOverride(local.endpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder());
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(LocalAws.ACCESS_KEY, LocalAws.SECRET_KEY));
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
