package com.example.serverless.batch.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.serverless.batch.merge.RowCountMismatchException;
import com.example.serverless.batch.run.RunLayout;
import com.example.serverless.batch.run.StepJson;
import com.example.serverless.batch.split.Manifest;
import com.example.serverless.common.config.Env;
import com.example.serverless.testsupport.LocalAws;
import com.example.serverless.testsupport.LocalAwsTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

@LocalAwsTest
class MergeHandlerIT {

    private static final List<String> HEADER = List.of(
            "uuid", "Country", "Item Type", "Sales Channel", "Order Priority", "Order Date", "Region", "Ship Date");

    private final S3Client s3;
    private final DynamoDbClient dynamoDb;

    MergeHandlerIT(LocalAws aws) {
        this.s3 = LocalResources.s3(aws);
        this.dynamoDb = LocalResources.dynamoDb(aws);
    }

    /** 11 processed parts of {@code rowsPerPart} ~1 KB rows, each row naming its part, plus one error row. */
    private String prepareRun(String bucket, String errorTable, String runId, int rowsPerPart) {
        List<Manifest.Chunk> chunks = new ArrayList<>();
        String padding = "x".repeat(1000);
        for (int part = 1; part <= 11; part++) {
            StringBuilder rows = new StringBuilder();
            for (int row = 1; row <= rowsPerPart; row++) {
                rows.append("p")
                        .append(part)
                        .append("-r")
                        .append(row)
                        .append(",C,")
                        .append(padding)
                        .append(",Online,H,1/1/2020,R,1/2/2020,1,2,3,4,5,6\n");
            }
            int inputRows = part == 1 ? rowsPerPart + 1 : rowsPerPart; // part 1 also had one error row
            int errors = part == 1 ? 1 : 0;
            int p = part;
            s3.putObject(
                    b -> b.bucket(bucket)
                            .key(RunLayout.processedKey(runId, p))
                            .metadata(Map.of(
                                    "input-rows",
                                    Integer.toString(inputRows),
                                    "output-rows",
                                    Integer.toString(rowsPerPart),
                                    "error-rows",
                                    Integer.toString(errors))),
                    RequestBody.fromString(rows.toString()));
            chunks.add(new Manifest.Chunk(part, RunLayout.chunkKey(runId, part), inputRows));
        }
        // a stray object under the prefix must not be merged
        s3.putObject(
                b -> b.bucket(bucket).key("runs/" + runId + "/processed/part-00010.csv.tmp"),
                RequestBody.fromString("stray,row\n"));
        Manifest manifest =
                new Manifest(runId, bucket, "input/in.csv", "v1", ",", HEADER, 11L * rowsPerPart + 1, chunks);
        s3.putObject(
                b -> b.bucket(bucket).key(RunLayout.manifestKey(runId)),
                RequestBody.fromBytes(StepJson.bytes(manifest)));
        dynamoDb.putItem(b -> b.tableName(errorTable)
                .item(Map.of(
                        "runId",
                        AttributeValue.fromS(runId),
                        "rowNumber",
                        AttributeValue.fromN("7"),
                        "reason",
                        AttributeValue.fromS("bad"))));
        return """
                {"runId":"%s","bucket":"%s","key":"input/in.csv","versionId":"v1","startedAt":"2026-11-27T09:00:00Z"}""".formatted(runId, bucket);
    }

    @Test
    void merge_concatenatesPartsInNumericOrderWithOneHeader_throughAMultipartUpload_andIsIdempotent() {
        // GIVEN 11 parts of ~550 KB (6 MB in all, so 5 MB parts make it multipart)
        String bucket = LocalResources.versionedBucket(s3);
        String errorTable = LocalResources.errorTable(dynamoDb);
        String request = prepareRun(bucket, errorTable, "run-m", 550);
        MergeHandler handler =
                new MergeHandler(s3, dynamoDb, new Env(Map.of("ERROR_TABLE", errorTable, "OUTPUT_PART_SIZE_MB", "5")));

        // WHEN it merges, and merges again as a retry would
        JsonNode summary = LocalResources.invoke(handler, request);
        String firstOutput = s3.getObjectAsBytes(b -> b.bucket(bucket).key(RunLayout.outputKey("run-m")))
                .asUtf8String();
        LocalResources.invoke(handler, request);
        String secondOutput = s3.getObjectAsBytes(b -> b.bucket(bucket).key(RunLayout.outputKey("run-m")))
                .asUtf8String();

        // THEN
        assertThat(secondOutput).isEqualTo(firstOutput);
        List<String> lines = firstOutput.lines().toList();
        assertThat(lines.getFirst())
                .isEqualTo("uuid,Country,Item Type,Sales Channel,Order Priority,Order Date,"
                        + "Region,Ship Date,unitsSold,unitPrice,unitCost,totalRevenue,totalCost,totalProfit");
        assertThat(lines).hasSize(1 + 11 * 550);
        List<String> partOrder = lines.subList(1, lines.size()).stream()
                .map(line -> line.substring(0, line.indexOf("-r")))
                .distinct()
                .toList();
        assertThat(partOrder).containsExactly("p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9", "p10", "p11");
        assertThat(firstOutput).doesNotContain("stray");
        assertThat(summary.get("inputRows").asLong()).isEqualTo(11 * 550 + 1);
        assertThat(summary.get("outputRows").asLong()).isEqualTo(11 * 550);
        assertThat(summary.get("errorRows").asLong()).isEqualTo(1);
        assertThat(summary.get("chunks").asInt()).isEqualTo(11);
        assertThat(summary.get("durationMillis").asLong()).isPositive();
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(RunLayout.summaryKey("run-m")))
                        .asUtf8String())
                .contains("\"outputRows\":6050");
    }

    @Test
    void merge_whenRowsDoNotAddUp_failsTheRun_andPublishesNoOutput() {
        // GIVEN a run whose error table lost its one error row
        String bucket = LocalResources.versionedBucket(s3);
        String errorTable = LocalResources.errorTable(dynamoDb);
        String request = prepareRun(bucket, errorTable, "run-x", 3);
        dynamoDb.deleteItem(b -> b.tableName(errorTable)
                .key(Map.of("runId", AttributeValue.fromS("run-x"), "rowNumber", AttributeValue.fromN("7"))));
        MergeHandler handler = new MergeHandler(s3, dynamoDb, new Env(Map.of("ERROR_TABLE", errorTable)));

        assertThatThrownBy(() -> LocalResources.invoke(handler, request))
                .isInstanceOf(RowCountMismatchException.class)
                .hasMessage("the error table holds 0 rows for the run, the chunks reported 1");
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(bucket).key(RunLayout.outputKey("run-x"))))
                .isInstanceOf(NoSuchKeyException.class);
    }
}
