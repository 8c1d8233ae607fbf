package com.example.serverless.batch.enrich;

import com.example.serverless.batch.csv.CsvDialect;
import com.example.serverless.batch.run.BatchBackoff;
import com.example.serverless.batch.run.ThrottledException;
import com.example.serverless.common.aws.AwsClients;
import com.example.serverless.common.aws.ClientTimeouts;
import com.example.serverless.common.retry.Backoff;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Loads reference data ({@code uuid,unitsSold,unitPrice,unitCost,totalRevenue,totalCost,totalProfit}) from a CSV
 * file into the reference table with BatchWriteItem (25 items per request). An operator tool: a malformed line
 * stops the load with its line number before anything half-checked is written for that batch. Rows DynamoDB
 * leaves unprocessed are sent again with {@link BatchBackoff#UNPROCESSED}; if some are still left, the load stops
 * with an exception that says how many rows were written (every write is a put by key, so loading the file
 * again is safe).
 *
 * <pre>AWS_REGION=us-east-1 ./mvnw -q -pl batch-orchestrator exec:java \
 *   -Dexec.mainClass=com.example.serverless.batch.enrich.ReferenceLoader \
 *   -Dexec.args="&lt;table&gt; batch-orchestrator/sample-data/reference-sample.csv"</pre>
 */
public final class ReferenceLoader {

    static final List<String> HEADER =
            List.of("uuid", "unitsSold", "unitPrice", "unitCost", "totalRevenue", "totalCost", "totalProfit");
    private static final int WRITE_LIMIT = 25;

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Backoff backoff;

    public ReferenceLoader(DynamoDbClient dynamoDb, String tableName) {
        this(dynamoDb, tableName, BatchBackoff.UNPROCESSED);
    }

    /** With another backoff (tests record its delays instead of sleeping). */
    public ReferenceLoader(DynamoDbClient dynamoDb, String tableName, Backoff backoff) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.backoff = backoff;
    }

    /** @return the number of reference rows written */
    public long load(InputStream csv) {
        long written = 0;
        try (CsvReader<CsvRecord> reader = CsvDialect.COMMA.reader(csv)) {
            Iterator<CsvRecord> records = reader.iterator();
            if (!records.hasNext()
                    || !records.next().getFields().stream()
                            .map(String::strip)
                            .toList()
                            .equals(HEADER)) {
                throw new IllegalArgumentException("reference data must start with the header " + HEADER);
            }
            List<WriteRequest> batch = new ArrayList<>(WRITE_LIMIT);
            while (records.hasNext()) {
                batch.add(WriteRequest.builder()
                        .putRequest(
                                PutRequest.builder().item(item(records.next())).build())
                        .build());
                if (batch.size() == WRITE_LIMIT) {
                    written += write(batch, written);
                }
            }
            written += write(batch, written);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return written;
    }

    private static Map<String, AttributeValue> item(CsvRecord record) {
        if (record.getFieldCount() != HEADER.size()) {
            throw new IllegalArgumentException("line " + record.getStartingLineNumber() + ": expected " + HEADER.size()
                    + " fields, found " + record.getFieldCount());
        }
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("uuid", AttributeValue.fromS(ReferenceRecord.key(record.getField(0))));
        for (int i = 1; i < HEADER.size(); i++) {
            String value = record.getField(i).strip();
            try {
                new BigDecimal(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("line " + record.getStartingLineNumber() + ": " + HEADER.get(i)
                        + " '" + value + "' is not a number");
            }
            // stored in the canonical form, so the table holds what every backend returns and the output shows
            item.put(HEADER.get(i), AttributeValue.fromN(ReferenceRecord.canonical(HEADER.get(i), value)));
        }
        return item;
    }

    /** Writes and clears {@code batch}; {@code before} rows were written earlier (for the message). */
    private int write(List<WriteRequest> batch, long before) {
        List<WriteRequest> request = List.copyOf(batch);
        batch.clear();
        if (request.isEmpty()) {
            return 0;
        }
        backoff.untilDone(
                request,
                pending -> dynamoDb.batchWriteItem(b -> b.requestItems(Map.of(tableName, pending)))
                        .unprocessedItems()
                        .getOrDefault(tableName, List.of()),
                List::isEmpty,
                (left, attempts) -> new ThrottledException("DynamoDB left " + left.size() + " of " + request.size()
                        + " reference rows unprocessed after " + attempts + " attempts (throttled); the load"
                        + " stopped after writing " + (before + request.size() - left.size()) + " rows, the rest"
                        + " of the file was not written: load the file again later (every row is a put by uuid,"
                        + " so rows already written are just written again)"));
        return request.size();
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ReferenceLoader <reference-table-name> <reference.csv>");
            System.exit(2);
        }
        try (DynamoDbClient dynamoDb = AwsClients.configure(DynamoDbClient.builder(), ClientTimeouts.FAST)
                        .build();
                InputStream in = Files.newInputStream(Path.of(args[1]))) {
            long rows = new ReferenceLoader(dynamoDb, args[0]).load(in);
            System.out.println("loaded " + rows + " reference rows into " + args[0]);
        }
    }
}
