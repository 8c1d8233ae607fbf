package com.example.serverless.batch.chunk;

import com.example.serverless.batch.run.BatchBackoff;
import com.example.serverless.batch.run.ThrottledException;
import com.example.serverless.common.retry.Backoff;
import com.example.serverless.common.text.TextLimits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The error table: one item per rejected row, keyed by run id (partition) and data-row number (sort), so runs
 * never overwrite each other and a retried chunk rewrites the same items; items of the chunk's row range that the
 * retry no longer rejects are deleted first (found by a key-range Query). BatchWriteItem, 25 items per request,
 * unprocessed items retried with {@link BatchBackoff#UNPROCESSED}, then {@link ThrottledException} (the chunk is
 * retried as a whole; its writes are keyed, so the retry rewrites the same items). Raw lines longer than {@value #MAX_RAW_CHARS} code points are cut on a
 * character boundary by {@link TextLimits} (flagged with {@code rawLineTruncated}) to stay far below DynamoDB's
 * 400 KB item limit (32,768 code points are at most 128 KB of UTF-8). A row that is not valid UTF-8 also gets
 * {@code rawBytes} (binary, its exact bytes, at most {@value #MAX_RAW_BYTES}).
 */
public final class DynamoDbErrorTable implements RejectedRowSink {

    static final int MAX_RAW_CHARS = 32_768;
    static final int MAX_RAW_BYTES = 131_072;
    private static final int WRITE_LIMIT = 25;

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Backoff backoff;

    public DynamoDbErrorTable(DynamoDbClient dynamoDb, String tableName) {
        this(dynamoDb, tableName, BatchBackoff.UNPROCESSED);
    }

    /** With another backoff (tests record its delays instead of sleeping). */
    public DynamoDbErrorTable(DynamoDbClient dynamoDb, String tableName, Backoff backoff) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.backoff = backoff;
    }

    @Override
    public void replace(String runId, int part, long firstRow, long lastRow, List<RejectedRow> rows) {
        List<WriteRequest> requests = new ArrayList<>();
        if (firstRow <= lastRow) {
            Set<Long> current = rows.stream().map(RejectedRow::rowNumber).collect(Collectors.toSet());
            staleKeys(runId, firstRow, lastRow, current)
                    .forEach(key -> requests.add(WriteRequest.builder()
                            .deleteRequest(DeleteRequest.builder().key(key).build())
                            .build()));
        }
        for (RejectedRow row : rows) {
            requests.add(WriteRequest.builder()
                    .putRequest(
                            PutRequest.builder().item(item(runId, part, row)).build())
                    .build());
        }
        // stale keys and new rows are disjoint, so deletes and puts may share a batch
        for (int from = 0; from < requests.size(); from += WRITE_LIMIT) {
            write(requests.subList(from, Math.min(requests.size(), from + WRITE_LIMIT)));
        }
    }

    /** Keys of items in the row range that are not among the current rows (left by an earlier attempt). */
    private List<Map<String, AttributeValue>> staleKeys(String runId, long firstRow, long lastRow, Set<Long> current) {
        return dynamoDb
                .queryPaginator(b -> b.tableName(tableName)
                        .keyConditionExpression("runId = :r AND rowNumber BETWEEN :first AND :last")
                        .expressionAttributeValues(Map.of(
                                ":r", AttributeValue.fromS(runId),
                                ":first", AttributeValue.fromN(Long.toString(firstRow)),
                                ":last", AttributeValue.fromN(Long.toString(lastRow))))
                        .projectionExpression("runId, rowNumber")
                        .consistentRead(true))
                .items()
                .stream()
                .filter(key ->
                        !current.contains(Long.parseLong(key.get("rowNumber").n())))
                .toList();
    }

    /**
     * Deletes every error item of a run (its whole partition) and returns how many there were: the failure path
     * uses it so that the table holds errors of successful runs only.
     */
    public long deleteRun(String runId) {
        List<WriteRequest> deletes = dynamoDb
                .queryPaginator(b -> b.tableName(tableName)
                        .keyConditionExpression("runId = :r")
                        .expressionAttributeValues(Map.of(":r", AttributeValue.fromS(runId)))
                        .projectionExpression("runId, rowNumber")
                        .consistentRead(true))
                .items()
                .stream()
                .map(key -> WriteRequest.builder()
                        .deleteRequest(DeleteRequest.builder().key(key).build())
                        .build())
                .toList();
        for (int from = 0; from < deletes.size(); from += WRITE_LIMIT) {
            write(deletes.subList(from, Math.min(deletes.size(), from + WRITE_LIMIT)));
        }
        return deletes.size();
    }

    /** How many error rows a run has recorded (a paginated COUNT query on the run's partition). */
    public long count(String runId) {
        return dynamoDb
                .queryPaginator(b -> b.tableName(tableName)
                        .keyConditionExpression("runId = :r")
                        .expressionAttributeValues(Map.of(":r", AttributeValue.fromS(runId)))
                        .select(Select.COUNT)
                        .consistentRead(true))
                .stream()
                .mapToLong(page -> page.count())
                .sum();
    }

    static Map<String, AttributeValue> item(String runId, int part, RejectedRow row) {
        String raw = row.rawLine();
        boolean truncated = TextLimits.exceeds(raw, MAX_RAW_CHARS);
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("runId", AttributeValue.fromS(runId));
        item.put("rowNumber", AttributeValue.fromN(Long.toString(row.rowNumber())));
        item.put("lineNumber", AttributeValue.fromN(Long.toString(row.lineNumber())));
        item.put("part", AttributeValue.fromN(Integer.toString(part)));
        item.put("reason", AttributeValue.fromS(row.reason()));
        item.put("rawLine", AttributeValue.fromS(TextLimits.cut(raw, MAX_RAW_CHARS)));
        if (row.rawBytes() != null) {
            // a row that is not valid UTF-8: its exact bytes, as a binary attribute (a string would need UTF-8)
            byte[] bytes = row.rawBytes();
            truncated |= bytes.length > MAX_RAW_BYTES;
            item.put(
                    "rawBytes",
                    AttributeValue.fromB(SdkBytes.fromByteArray(
                            bytes.length > MAX_RAW_BYTES ? Arrays.copyOf(bytes, MAX_RAW_BYTES) : bytes)));
        }
        item.put("rawLineTruncated", AttributeValue.fromBool(truncated));
        return item;
    }

    private void write(List<WriteRequest> batch) {
        backoff.untilDone(
                batch,
                request -> dynamoDb.batchWriteItem(b -> b.requestItems(Map.of(tableName, request)))
                        .unprocessedItems()
                        .getOrDefault(tableName, List.of()),
                List::isEmpty,
                (left, attempts) -> new ThrottledException("DynamoDB left " + left.size() + " of " + batch.size()
                        + " error-table writes unprocessed after " + attempts + " attempts (throttled); the step"
                        + " fails and is retried as a whole, rewriting the same keyed items"));
    }
}
