package com.example.serverless.batch.enrich;

import com.example.serverless.batch.run.ThrottledException;
import java.time.Duration;
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
 * backoff; if some are still unprocessed after that, the chunk fails and Step Functions retries it, because
 * "not read yet" must never be reported as "no reference data".
 */
public final class DynamoDbReferenceLookup implements ReferenceLookup {

    /** Keys per BatchGetItem request (the API's maximum). */
    public static final int BATCH_LIMIT = 100;

    private static final int MAX_ROUNDS = 8;
    private static final String PROJECTION = "#u, unitsSold, unitPrice, unitCost, totalRevenue, totalCost, totalProfit";

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Duration firstBackoff;

    public DynamoDbReferenceLookup(DynamoDbClient dynamoDb, String tableName) {
        this(dynamoDb, tableName, Duration.ofMillis(50));
    }

    DynamoDbReferenceLookup(DynamoDbClient dynamoDb, String tableName, Duration firstBackoff) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.firstBackoff = firstBackoff;
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
        long backoff = firstBackoff.toMillis();
        for (int round = 1; ; round++) {
            Map<String, KeysAndAttributes> request = pending;
            BatchGetItemResponse response = dynamoDb.batchGetItem(b -> b.requestItems(request));
            response.responses().getOrDefault(tableName, List.of()).forEach(item -> {
                ReferenceRecord record = toRecord(item);
                found.put(record.uuid(), record);
            });
            pending = response.unprocessedKeys();
            if (pending == null || pending.isEmpty()) {
                return;
            }
            if (round == MAX_ROUNDS) {
                throw new ThrottledException(
                        "DynamoDB left " + pending.get(tableName).keys().size() + " reference keys unprocessed after "
                                + MAX_ROUNDS + " rounds (throttled)");
            }
            sleep(backoff);
            backoff = Math.min(backoff * 2, 2_000);
        }
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }
}
