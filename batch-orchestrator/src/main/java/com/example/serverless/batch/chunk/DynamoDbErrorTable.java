package com.example.serverless.batch.chunk;

import com.example.serverless.batch.run.ThrottledException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The error table: one item per rejected row, keyed by run id (partition) and data-row number (sort), so runs
 * never overwrite each other and a retried chunk rewrites the same items. BatchWriteItem, 25 items per request,
 * unprocessed items retried with backoff. Raw lines longer than {@value #MAX_RAW_CHARS} characters are cut
 * (flagged with {@code rawLineTruncated}) to stay far below DynamoDB's 400 KB item limit.
 */
public final class DynamoDbErrorTable implements RejectedRowSink {

    static final int MAX_RAW_CHARS = 32_768;
    private static final int WRITE_LIMIT = 25;
    private static final int MAX_ROUNDS = 8;

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoDbErrorTable(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    @Override
    public void record(String runId, int part, List<RejectedRow> rows) {
        for (int from = 0; from < rows.size(); from += WRITE_LIMIT) {
            List<WriteRequest> batch = new ArrayList<>();
            for (RejectedRow row : rows.subList(from, Math.min(rows.size(), from + WRITE_LIMIT))) {
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item(runId, part, row)).build())
                        .build());
            }
            write(batch);
        }
    }

    /** How many error rows a run has recorded (a paginated COUNT query on the run's partition). */
    public long count(String runId) {
        return dynamoDb.queryPaginator(b -> b.tableName(tableName)
                        .keyConditionExpression("runId = :r")
                        .expressionAttributeValues(Map.of(":r", AttributeValue.fromS(runId)))
                        .select(Select.COUNT)
                        .consistentRead(true))
                .stream().mapToLong(page -> page.count()).sum();
    }

    private static Map<String, AttributeValue> item(String runId, int part, RejectedRow row) {
        String raw = row.rawLine();
        boolean truncated = raw.length() > MAX_RAW_CHARS;
        return Map.of(
                "runId", AttributeValue.fromS(runId),
                "rowNumber", AttributeValue.fromN(Long.toString(row.rowNumber())),
                "lineNumber", AttributeValue.fromN(Long.toString(row.lineNumber())),
                "part", AttributeValue.fromN(Integer.toString(part)),
                "reason", AttributeValue.fromS(row.reason()),
                "rawLine", AttributeValue.fromS(truncated ? raw.substring(0, MAX_RAW_CHARS) : raw),
                "rawLineTruncated", AttributeValue.fromBool(truncated));
    }

    private void write(List<WriteRequest> batch) {
        List<WriteRequest> pending = batch;
        for (int round = 1; !pending.isEmpty(); round++) {
            if (round > MAX_ROUNDS) {
                throw new ThrottledException(pending.size() + " error rows stayed unprocessed (throttled)");
            }
            List<WriteRequest> request = pending;
            pending = dynamoDb.batchWriteItem(b -> b.requestItems(Map.of(tableName, request)))
                    .unprocessedItems().getOrDefault(tableName, List.of());
            if (!pending.isEmpty()) {
                try {
                    Thread.sleep(Math.min(2_000L, 50L << round));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while backing off", e);
                }
            }
        }
    }
}
