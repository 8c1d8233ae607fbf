package com.example.serverless.batch.handler;

import static com.example.serverless.testsupport.ThrottlingDynamoDb.ALWAYS;
import static com.example.serverless.testsupport.ThrottlingDynamoDb.PROVISIONED_THROUGHPUT_EXCEEDED;
import static com.example.serverless.testsupport.ThrottlingDynamoDb.THROTTLING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.example.serverless.batch.chunk.DynamoDbErrorTable;
import com.example.serverless.batch.chunk.RejectedRow;
import com.example.serverless.batch.enrich.DynamoDbReferenceLookup;
import com.example.serverless.batch.enrich.ReferenceLoader;
import com.example.serverless.batch.run.BatchBackoff;
import com.example.serverless.batch.run.StepJson;
import com.example.serverless.batch.run.ThrottledException;
import com.example.serverless.common.aws.AwsClients;
import com.example.serverless.common.aws.ClientTimeouts;
import com.example.serverless.common.retry.Backoff;
import com.example.serverless.testsupport.LocalAws;
import com.example.serverless.testsupport.LocalAwsTest;
import com.example.serverless.testsupport.ProjectPaths;
import com.example.serverless.testsupport.ThrottlingDynamoDb;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Every DynamoDB batch call of the module against an endpoint that throttles: a real HTTP proxy in front of the
 * local endpoint answers {@code UnprocessedItems}/{@code UnprocessedKeys} (items held back never reach the table)
 * or a throttling error a set number of times. The client is built as the functions build theirs (common's
 * {@code AwsClients}, so the SDK's own retry of throttling errors is the production one); only the sleeping of
 * {@link BatchBackoff#UNPROCESSED} is recorded instead of waited out.
 */
@LocalAwsTest
class DynamoDbThrottlingIT {

    private final DynamoDbClient direct;
    private final ThrottlingDynamoDb proxy;
    private final DynamoDbClient throttled;
    private final List<Duration> slept = new ArrayList<>();
    private final Backoff backoff = BatchBackoff.UNPROCESSED.withSleeper(slept::add);

    DynamoDbThrottlingIT(LocalAws aws) {
        this.direct = LocalResources.dynamoDb(aws);
        this.proxy = ThrottlingDynamoDb.start(aws.endpoint());
        this.throttled = AwsClients.configure(DynamoDbClient.builder(), ClientTimeouts.FAST, aws.region())
                .credentialsProvider(aws.credentials())
                .endpointOverride(proxy.endpoint())
                .build();
    }

    @AfterEach
    void stop() {
        throttled.close();
        proxy.close();
    }

    @Test
    void referenceLoader_throttled_sendsUnprocessedRowsAgain_untilEveryRowIsInTheTable() {
        String table = LocalResources.referenceTable(direct);
        proxy.leaveUnprocessed("BatchWriteItem", 2, 10)
                .fail("BatchWriteItem", 1, PROVISIONED_THROUGHPUT_EXCEEDED)
                .fail("BatchWriteItem", 1, THROTTLING);

        long written = new ReferenceLoader(throttled, table, backoff).load(csv(60));

        assertThat(written).isEqualTo(60);
        assertThat(itemCount(table)).isEqualTo(60);
        // first batch of 25: 10 + 10 + (error, error: retried by the SDK) + the last 5; then 25 and 10 at once
        assertThat(proxy.calls("BatchWriteItem")).isEqualTo(7);
        assertThat(proxy.faults("BatchWriteItem")).isEqualTo(4);
        assertThat(slept).as("one backoff per unprocessed answer").hasSize(2);
    }

    @Test
    void referenceLoader_neverRecovering_stopsSayingHowManyRowsWereWritten_andTheTableHoldsExactlyThose() {
        String table = LocalResources.referenceTable(direct);
        proxy.leaveUnprocessed("BatchWriteItem", 1, 25)
                .leaveUnprocessed("BatchWriteItem", 1, 2)
                .leaveUnprocessed("BatchWriteItem", ALWAYS, 0);

        assertThatThrownBy(() -> new ReferenceLoader(throttled, table, backoff).load(csv(30)))
                .isInstanceOf(ThrottledException.class)
                .hasMessage("DynamoDB left 3 of 5 reference rows unprocessed after 8 attempts (throttled); the load"
                        + " stopped after writing 27 rows, the rest of the file was not written: load the file"
                        + " again later (every row is a put by uuid, so rows already written are just written"
                        + " again)");
        assertThat(itemCount(table)).isEqualTo(27);
        assertThat(proxy.calls("BatchWriteItem")).isEqualTo(1 + 8);
        assertThat(slept).hasSize(7);
    }

    @Test
    void referenceLookup_throttled_asksForUnprocessedKeysAgain_andFindsEveryRow() {
        String table = LocalResources.referenceTable(direct);
        List<String> uuids = load(table, 250);
        proxy.leaveUnprocessed("BatchGetItem", 2, 30)
                .fail("BatchGetItem", 1, PROVISIONED_THROUGHPUT_EXCEEDED)
                .fail("BatchGetItem", 1, THROTTLING);

        var found = new DynamoDbReferenceLookup(throttled, table, backoff).find(uuids);

        assertThat(found).hasSize(250).containsKeys(uuids.toArray(String[]::new));
        // 3 requests of 100, 100, 50 keys; the first answered 30 + 30 + (two errors the SDK retries) + 40
        assertThat(proxy.calls("BatchGetItem")).isEqualTo(7);
        assertThat(slept).hasSize(2);
    }

    @Test
    void referenceLookup_neverRecovering_failsTheChunkWithThrottled_insteadOfReportingRowsAsMissing() {
        String table = LocalResources.referenceTable(direct);
        List<String> uuids = load(table, 100);
        proxy.leaveUnprocessed("BatchGetItem", ALWAYS, 0);

        assertThatThrownBy(() -> new DynamoDbReferenceLookup(throttled, table, backoff).find(uuids))
                .isInstanceOf(ThrottledException.class)
                .hasMessage("DynamoDB left 100 of 100 reference keys unprocessed after 8 attempts (throttled); the"
                        + " chunk fails without writing anything and is retried as a whole");
        assertThat(proxy.calls("BatchGetItem")).isEqualTo(8);
        assertThat(slept).hasSize(7).allSatisfy(delay -> assertThat(delay).isLessThan(Duration.ofSeconds(2)));
    }

    @Test
    void errorTable_throttled_writesEveryRejectedRow() {
        String table = LocalResources.errorTable(direct);
        proxy.leaveUnprocessed("BatchWriteItem", 1, 5)
                .fail("BatchWriteItem", 2, PROVISIONED_THROUGHPUT_EXCEEDED)
                .leaveUnprocessed("BatchWriteItem", 1, 0);
        DynamoDbErrorTable errors = new DynamoDbErrorTable(throttled, table, backoff);

        errors.replace("run-throttled", 1, 1, 60, rejected(60));

        assertThat(new DynamoDbErrorTable(direct, table).count("run-throttled")).isEqualTo(60);
        // 25: 5 + (two errors the SDK retries) + none + 20; then 25 and 10 at once
        assertThat(proxy.calls("BatchWriteItem")).isEqualTo(7);
        assertThat(slept).hasSize(2);
    }

    @Test
    void errorTable_neverRecovering_failsWithThrottled_andNothingIsHalfWritten() {
        String table = LocalResources.errorTable(direct);
        proxy.leaveUnprocessed("BatchWriteItem", ALWAYS, 0);
        DynamoDbErrorTable errors = new DynamoDbErrorTable(throttled, table, backoff);

        assertThatThrownBy(() -> errors.replace("run-stuck", 1, 1, 10, rejected(10)))
                .isInstanceOf(ThrottledException.class)
                .hasMessage("DynamoDB left 10 of 10 error-table writes unprocessed after 8 attempts (throttled); the"
                        + " step fails and is retried as a whole, rewriting the same keyed items");
        assertThat(new DynamoDbErrorTable(direct, table).count("run-stuck")).isZero();
    }

    @Test
    void errorTable_throttlingErrorsThatNeverStop_endInAnSdkErrorThatTheChunkWorkflowRetries() throws Exception {
        String table = LocalResources.errorTable(direct);
        proxy.fail("BatchWriteItem", ALWAYS, PROVISIONED_THROUGHPUT_EXCEEDED);
        DynamoDbErrorTable errors = new DynamoDbErrorTable(throttled, table, backoff);

        Throwable thrown = catchThrowable(() -> errors.replace("run-refused", 1, 1, 3, rejected(3)));

        // the SDK retries a refused request itself (throttling backoff) until it gives up or the 15 s call timeout
        // of ClientTimeouts.FAST ends it; either way the error must be one the chunk workflow's Retry names
        assertThat(thrown).isInstanceOf(SdkException.class);
        assertThat(chunkWorkflowRetries()).contains(thrown.getClass().getName());
        assertThat(proxy.calls("BatchWriteItem")).isGreaterThan(1);
        assertThat(new DynamoDbErrorTable(direct, table).count("run-refused")).isZero();
        assertThat(slept)
                .as("a refused request is the SDK's to retry, not the unprocessed-items loop's")
                .isEmpty();
    }

    private static List<String> chunkWorkflowRetries() throws IOException {
        JsonNode definition = StepJson.MAPPER.readTree(
                Files.readString(ProjectPaths.root().resolve("statemachines/batch-chunk.asl.json")));
        List<String> names = new ArrayList<>();
        definition
                .findValues("Retry")
                .forEach(retries ->
                        retries.forEach(retry -> retry.get("ErrorEquals").forEach(name -> names.add(name.asText()))));
        return names;
    }

    private List<String> load(String table, int rows) {
        List<String> uuids = new ArrayList<>();
        StringBuilder csv = new StringBuilder(String.join(",", referenceHeader()) + "\n");
        for (int i = 0; i < rows; i++) {
            String uuid = UUID.randomUUID().toString();
            uuids.add(uuid);
            csv.append(uuid).append(",1,2.5,1,2.5,1,1.5\n");
        }
        new ReferenceLoader(direct, table)
                .load(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)));
        return uuids;
    }

    private static ByteArrayInputStream csv(int rows) {
        StringBuilder csv = new StringBuilder(String.join(",", referenceHeader()) + "\n");
        for (int i = 0; i < rows; i++) {
            csv.append(UUID.randomUUID()).append(",").append(i).append(",2.5,1,2.5,1,1.5\n");
        }
        return new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> referenceHeader() {
        return List.of("uuid", "unitsSold", "unitPrice", "unitCost", "totalRevenue", "totalCost", "totalProfit");
    }

    private static List<RejectedRow> rejected(int rows) {
        return IntStream.rangeClosed(1, rows)
                .mapToObj(i -> new RejectedRow(i, i + 1, "bad row " + i, "raw," + i))
                .toList();
    }

    private long itemCount(String table) {
        return direct.scanPaginator(b -> b.tableName(table)).stream()
                .mapToLong(page -> page.count())
                .sum();
    }
}
