package com.example.serverless.batch.enrich;

import com.example.serverless.batch.run.BatchBackoff;
import com.example.serverless.batch.run.ThrottledException;
import com.example.serverless.common.retry.Backoff;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Reads reference rows with BatchGetItem, 100 keys per request (the API's maximum), so a chunk of 1,000 rows
 * costs 10 requests instead of 1,000. Keys DynamoDB leaves unprocessed (throttling) are asked again with
 * {@link BatchBackoff#UNPROCESSED}; if some are still unprocessed after that, the chunk fails with
 * {@link ThrottledException} before writing anything and Step Functions retries it, because "not read yet" must
 * never be reported as "no reference data".
 */
public final class DynamoDbReferenceLookup implements ReferenceLookup {

    /** Keys per BatchGetItem request (the API's maximum). */
    public static final int BATCH_LIMIT = 100;

    private static final String PROJECTION = "#u, unitsSold, unitPrice, unitCost, totalRevenue, totalCost, totalProfit";

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Backoff backoff;

    public DynamoDbReferenceLookup(DynamoDbClient dynamoDb, String tableName) {
        this(dynamoDb, tableName, BatchBackoff.UNPROCESSED);
    }

    /** With another backoff (tests record its delays instead of sleeping). */
    public DynamoDbReferenceLookup(DynamoDbClient dynamoDb, String tableName, Backoff backoff) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.backoff = backoff;
    }

    @Override
    public Map<String, ReferenceRecord> find(Collection<String> uuids) {
        // BatchGetItem rejects a request that names the same key twice
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(uuids));
        Map<String, ReferenceRecord> found = new HashMap<>();
        for (int from = 0; from < distinct.size(); from += BATCH_LIMIT) {
            List<String> batch = distinct.subList(from, Math.min(distinct.size(), from + BATCH_LIMIT));
            fetch(batch, found);
        }
        return found;
    }

    private void fetch(List<String> uuids, Map<String, ReferenceRecord> found) {
        List<Map<String, AttributeValue>> keys =
                uuids.stream().map(u -> Map.of("uuid", AttributeValue.fromS(u))).toList();
        Map<String, KeysAndAttributes> pending = Map.of(
                tableName,
                KeysAndAttributes.builder()
                        .keys(keys)
                        .projectionExpression(PROJECTION)
                        .expressionAttributeNames(Map.of("#u", "uuid"))
                        .build());
        backoff.untilDone(
                pending,
                request -> {
                    BatchGetItemResponse response = dynamoDb.batchGetItem(b -> b.requestItems(request));
                    response.responses().getOrDefault(tableName, List.of()).forEach(item -> {
                        ReferenceRecord record = toRecord(item);
                        found.put(record.uuid(), record);
                    });
                    return response.unprocessedKeys();
                },
                left -> left == null || left.isEmpty(),
                (left, attempts) -> new ThrottledException("DynamoDB left "
                        + left.get(tableName).keys().size() + " of " + uuids.size()
                        + " reference keys unprocessed after " + attempts + " attempts (throttled); the chunk"
                        + " fails without writing anything and is retried as a whole"));
    }

    private static ReferenceRecord toRecord(Map<String, AttributeValue> item) {
        return new ReferenceRecord(
                item.get("uuid").s(),
                number(item, "unitsSold"),
                number(item, "unitPrice"),
                number(item, "unitCost"),
                number(item, "totalRevenue"),
                number(item, "totalCost"),
                number(item, "totalProfit"));
    }

    private static String number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null) {
            return "";
        }
        return value.n() != null ? value.n() : value.s();
    }
}
