package com.example.serverless.batch.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.serverless.batch.enrich.ReferenceLoader;
import com.example.serverless.batch.run.InvalidInputException;
import com.example.serverless.batch.run.RunLayout;
import com.example.serverless.batch.sample.SalesSample;
import com.example.serverless.common.config.Env;
import com.example.serverless.testsupport.LocalAws;
import com.example.serverless.testsupport.LocalAwsTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

@LocalAwsTest
class SplitAndChunkHandlersIT {

    private final S3Client s3;
    private final DynamoDbClient dynamoDb;

    SplitAndChunkHandlersIT(LocalAws aws) {
        this.s3 = LocalResources.s3(aws);
        this.dynamoDb = LocalResources.dynamoDb(aws);
    }

    @Test
    void split_readsTheTriggeringVersion_writesZeroPaddedChunksAndAManifest_returnsOnlyPartNumbers() {
        // GIVEN two versions of the same key; the run names the first
        String bucket = LocalResources.versionedBucket(s3);
        SalesSample.Sample sample = SalesSample.generate(25, 0, 1L);
        String first = s3.putObject(
                        b -> b.bucket(bucket).key("input/a.csv"),
                        RequestBody.fromString(sample.csv(), StandardCharsets.UTF_8))
                .versionId();
        s3.putObject(b -> b.bucket(bucket).key("input/a.csv"), RequestBody.fromString(SalesSample.HEADER + "\n"));
        SplitHandler handler = new SplitHandler(s3, new Env(Map.of("FILE_CHUNK_SIZE", "10")));

        // WHEN
        JsonNode response = LocalResources.invoke(handler, """
                {"runId":"run-1","bucket":"%s","key":"input/a.csv","versionId":"%s"}""".formatted(bucket, first));

        // THEN
        assertThat(response.get("inputRows").asLong()).isEqualTo(25);
        assertThat(response.get("chunkCount").asInt()).isEqualTo(3);
        assertThat(response.get("parts").toString()).isEqualTo("[1,2,3]");
        assertThat(response.get("delimiter").asText()).isEqualTo(",");
        JsonNode manifest = json(s3.getObjectAsBytes(b -> b.bucket(bucket).key(RunLayout.manifestKey("run-1")))
                .asUtf8String());
        assertThat(manifest.get("chunks").toString())
                .isEqualTo("[{\"part\":1,\"key\":\"runs/run-1/chunks/part-00001.csv\",\"rows\":10},"
                        + "{\"part\":2,\"key\":\"runs/run-1/chunks/part-00002.csv\",\"rows\":10},"
                        + "{\"part\":3,\"key\":\"runs/run-1/chunks/part-00003.csv\",\"rows\":5}]");
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix("runs/run-1/chunks/"))
                        .contents())
                .hasSize(3);
    }

    @Test
    void split_ofAFileWithoutTheRequiredColumns_failsWithTheReason_andWritesNoManifest() {
        String bucket = LocalResources.versionedBucket(s3);
        String version = s3.putObject(
                        b -> b.bucket(bucket).key("input/b.csv"), RequestBody.fromString("id,name\n1,x\n"))
                .versionId();
        SplitHandler handler = new SplitHandler(s3, new Env(Map.of()));

        assertThatThrownBy(() -> LocalResources.invoke(handler, """
                {"runId":"run-2","bucket":"%s","key":"input/b.csv","versionId":"%s"}""".formatted(bucket, version)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("lacks [uuid, Country");
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix("runs/")).contents())
                .isEmpty();
    }

    @Test
    void split_ofAFileNeedingMoreThanMaxChunks_growsTheChunks_toAtMostMaxChunks_losingNoRow() {
        // GIVEN 25 rows, 10 rows per chunk, at most 2 chunks: S3's Content-Length lets the split size the chunks
        String bucket = LocalResources.versionedBucket(s3);
        String version = s3.putObject(
                        b -> b.bucket(bucket).key("input/many.csv"),
                        RequestBody.fromString(SalesSample.generate(25, 0, 4L).csv(), StandardCharsets.UTF_8))
                .versionId();
        SplitHandler handler = new SplitHandler(s3, new Env(Map.of("FILE_CHUNK_SIZE", "10", "MAX_CHUNKS", "2")));

        // WHEN
        JsonNode response = LocalResources.invoke(handler, """
                {"runId":"run-many","bucket":"%s","key":"input/many.csv","versionId":"%s"}""".formatted(bucket, version));

        // THEN
        assertThat(response.get("inputRows").asLong()).isEqualTo(25);
        assertThat(response.get("chunkCount").asInt()).isLessThanOrEqualTo(2);
        JsonNode manifest = json(s3.getObjectAsBytes(b -> b.bucket(bucket).key(RunLayout.manifestKey("run-many")))
                .asUtf8String());
        int rows = 0;
        for (JsonNode chunk : manifest.get("chunks")) {
            rows += chunk.get("rows").asInt();
            assertThat(chunk.get("rows").asInt()).isGreaterThanOrEqualTo(10);
        }
        assertThat(rows).isEqualTo(25);
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix("runs/run-many/chunks/"))
                        .contents())
                .hasSize(response.get("chunkCount").asInt());
    }

    @Test
    void chunk_writesEnrichedRowsWithCountsAsMetadata_recordsErrorRows_andARetryChangesNothing() {
        // GIVEN a split run of 20 rows with 4 bad ones, and reference data
        String bucket = LocalResources.versionedBucket(s3);
        String referenceTable = LocalResources.referenceTable(dynamoDb);
        String errorTable = LocalResources.errorTable(dynamoDb);
        SalesSample.Sample sample = SalesSample.generate(20, 4, 2L);
        new ReferenceLoader(dynamoDb, referenceTable)
                .load(new ByteArrayInputStream(sample.referenceCsv().getBytes(StandardCharsets.UTF_8)));
        String version = s3.putObject(
                        b -> b.bucket(bucket).key("input/c.csv"),
                        RequestBody.fromString(sample.csv(), StandardCharsets.UTF_8))
                .versionId();
        LocalResources.invoke(
                new SplitHandler(s3, new Env(Map.of("FILE_CHUNK_SIZE", "100"))), """
                {"runId":"run-3","bucket":"%s","key":"input/c.csv","versionId":"%s"}""".formatted(bucket, version));
        ChunkHandler handler = new ChunkHandler(
                s3, dynamoDb, new Env(Map.of("REFERENCE_TABLE", referenceTable, "ERROR_TABLE", errorTable)));
        String request = """
                {"runId":"run-3","bucket":"%s","part":1,"delimiter":","}""".formatted(bucket);
        // an earlier failed attempt rejected a row that is valid now (reference data changed in between), and
        // another part's error row lies outside this chunk's rows 1..20
        long validRow = java.util.stream.LongStream.rangeClosed(1, 20)
                .filter(row -> !sample.invalidRows().containsKey(row))
                .findFirst()
                .orElseThrow();
        seedErrorItem(errorTable, "run-3", validRow, 1);
        seedErrorItem(errorTable, "run-3", 21, 2);

        // WHEN the chunk runs twice (a Step Functions retry)
        JsonNode first = LocalResources.invoke(handler, request);
        JsonNode second = LocalResources.invoke(handler, request);

        // THEN both report the same counts, and the table holds each error row once
        assertThat(first).isEqualTo(second);
        assertThat(first.get("inputRows").asInt()).isEqualTo(20);
        assertThat(first.get("outputRows").asInt()).isEqualTo(16);
        assertThat(first.get("errorRows").asInt()).isEqualTo(4);
        var processed = s3.getObjectAsBytes(b -> b.bucket(bucket).key(RunLayout.processedKey("run-3", 1)));
        assertThat(processed.response().metadata())
                .containsEntry("input-rows", "20")
                .containsEntry("output-rows", "16")
                .containsEntry("error-rows", "4");
        assertThat(processed
                        .asUtf8String()
                        .lines()
                        .map(line -> line.substring(0, 36))
                        .toList())
                .isEqualTo(sample.validUuids());
        List<Map<String, AttributeValue>> errors = dynamoDb.query(b -> b.tableName(errorTable)
                        .keyConditionExpression("runId = :r")
                        .expressionAttributeValues(Map.of(":r", AttributeValue.fromS("run-3"))))
                .items();
        List<Long> expected = new java.util.ArrayList<>(sample.invalidRows().keySet());
        expected.add(21L); // the other part's item is untouched
        assertThat(errors)
                .extracting(e -> Long.parseLong(e.get("rowNumber").n()))
                .as("the stale item of row %d is gone", validRow)
                .containsExactlyElementsOf(expected);
    }

    private void seedErrorItem(String errorTable, String runId, long rowNumber, int part) {
        dynamoDb.putItem(b -> b.tableName(errorTable)
                .item(Map.of(
                        "runId", AttributeValue.fromS(runId),
                        "rowNumber", AttributeValue.fromN(Long.toString(rowNumber)),
                        "lineNumber", AttributeValue.fromN(Long.toString(rowNumber + 1)),
                        "part", AttributeValue.fromN(Integer.toString(part)),
                        "reason", AttributeValue.fromS("no reference data (earlier attempt)"),
                        "rawLine", AttributeValue.fromS("stale"))));
    }

    @Test
    void referenceLookup_acceptsRepeatedKeysAndMoreThanOneBatchGetItemOfKeys() {
        // GIVEN 250 reference rows (three BatchGetItem requests' worth)
        String referenceTable = LocalResources.referenceTable(dynamoDb);
        SalesSample.Sample sample = SalesSample.generate(250, 0, 9L);
        new ReferenceLoader(dynamoDb, referenceTable)
                .load(new ByteArrayInputStream(sample.referenceCsv().getBytes(StandardCharsets.UTF_8)));
        List<String> wanted = new java.util.ArrayList<>(sample.validUuids());
        wanted.add(sample.validUuids().getFirst()); // the same uuid in two rows of a chunk
        wanted.add("00000000-0000-0000-0000-000000000000");

        // WHEN
        var found =
                new com.example.serverless.batch.enrich.DynamoDbReferenceLookup(dynamoDb, referenceTable).find(wanted);

        // THEN every known uuid is found once, the unknown one is simply absent
        assertThat(found).hasSize(250).doesNotContainKey("00000000-0000-0000-0000-000000000000");
        assertThat(found.get(sample.validUuids().getFirst()).values()).hasSize(6);
    }

    @Test
    void referenceLoader_storesUpperCaseUuidsInLowerCase_soTheLookupFindsThemInEitherCase() {
        String referenceTable = LocalResources.referenceTable(dynamoDb);
        String upper = "5BD1A6D9-5E3C-4A4E-9C51-1B2F1F1D2E3A";
        new ReferenceLoader(dynamoDb, referenceTable)
                .load(new ByteArrayInputStream(("""
                uuid,unitsSold,unitPrice,unitCost,totalRevenue,totalCost,totalProfit
                %s,1,2.00,1.00,2.00,1.00,1.00
                """.formatted(upper)).getBytes(StandardCharsets.UTF_8)));

        var found = new com.example.serverless.batch.enrich.DynamoDbReferenceLookup(dynamoDb, referenceTable)
                .find(List.of(upper.toLowerCase(java.util.Locale.ROOT)));

        assertThat(found).containsOnlyKeys(upper.toLowerCase(java.util.Locale.ROOT));
    }

    private static JsonNode json(String text) {
        try {
            return com.example.serverless.batch.run.StepJson.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
