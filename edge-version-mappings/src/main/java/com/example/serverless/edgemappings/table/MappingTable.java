package com.example.serverless.edgemappings.table;

import com.example.serverless.edgemappings.mapping.VersionMapping;
import com.example.serverless.edgemappings.mapping.VersionMappings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Writes version mappings into the edge routing table (EdgeVersionTable) for one owner, the custom resource that
 * asked for them ({@code <stack id>/<logical id>}). Every item carries {@code managedBy}; this class only ever
 * overwrites or deletes items of its own owner, so two stacks (or a hand-written item) cannot clobber each other.
 *
 * <p>Item shapes, read by the edge function (edge-origin-request/src/mapping-table.mjs):
 * <pre>
 *   {version: "v2", domain: "abc.execute-api.us-east-1.amazonaws.com", path: "/v2", managedBy, updatedAt}
 *   {version: "#catalog", versions: ["v1", "v2"], managedBy, updatedAt}   (listed in the edge's 403 answers)
 * </pre>
 */
public final class MappingTable {

    public static final String CATALOG_KEY = "#catalog";
    private static final Logger LOG = LogManager.getLogger(MappingTable.class);
    private static final String OWNED_OR_ABSENT = "attribute_not_exists(#v) OR #m = :owner";
    private static final Map<String, String> NAMES = Map.of("#v", "version", "#m", "managedBy");

    private final DynamoDbClient dynamoDb;
    private final Clock clock;

    public MappingTable(DynamoDbClient dynamoDb, Clock clock) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Makes the table hold exactly {@code desired} for this owner: writes every desired mapping and the catalog, and
     * removes the versions in {@code previous} that are no longer desired, all in one transaction, so either the
     * whole change is visible or none of it.
     *
     * @throws MappingWriteException naming the version and the reason when DynamoDB refuses the change
     */
    public void apply(String table, String owner, VersionMappings desired, Collection<String> previous) {
        Map<String, AttributeValue> ownerValue = Map.of(":owner", s(owner));
        String now = clock.instant().toString();
        List<TransactWriteItem> actions = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (VersionMapping mapping : desired.mappings()) {
            actions.add(TransactWriteItem.builder()
                    .put(Put.builder()
                            .tableName(table)
                            .item(Map.of(
                                    "version",
                                    s(mapping.version()),
                                    "domain",
                                    s(mapping.domain()),
                                    "path",
                                    s(mapping.path()),
                                    "managedBy",
                                    s(owner),
                                    "updatedAt",
                                    s(now)))
                            .conditionExpression(OWNED_OR_ABSENT)
                            .expressionAttributeNames(NAMES)
                            .expressionAttributeValues(ownerValue)
                            .build())
                    .build());
            keys.add(mapping.version());
        }
        Set<String> kept = desired.byVersion().keySet();
        for (String version : previous) {
            if (!kept.contains(version)) {
                actions.add(TransactWriteItem.builder()
                        .delete(Delete.builder()
                                .tableName(table)
                                .key(Map.of("version", s(version)))
                                .conditionExpression(OWNED_OR_ABSENT)
                                .expressionAttributeNames(NAMES)
                                .expressionAttributeValues(ownerValue)
                                .build())
                        .build());
                keys.add(version);
            }
        }
        actions.add(TransactWriteItem.builder()
                .put(Put.builder()
                        .tableName(table)
                        .item(Map.of(
                                "version",
                                s(CATALOG_KEY),
                                "versions",
                                AttributeValue.fromL(desired.versions().stream()
                                        .map(MappingTable::s)
                                        .toList()),
                                "managedBy",
                                s(owner),
                                "updatedAt",
                                s(now)))
                        .conditionExpression(OWNED_OR_ABSENT)
                        .expressionAttributeNames(NAMES)
                        .expressionAttributeValues(ownerValue)
                        .build())
                .build());
        keys.add(CATALOG_KEY);

        try {
            dynamoDb.transactWriteItems(request -> request.transactItems(actions));
        } catch (TransactionCanceledException e) {
            throw new MappingWriteException(table + ": " + describe(table, e.cancellationReasons(), keys), e);
        } catch (ResourceNotFoundException e) {
            throw new MappingWriteException("table " + table + " does not exist", e);
        }
        LOG.info(
                "version mappings written: table={} versions={} removed={}",
                table,
                desired.versions(),
                keys.size() - desired.mappings().size() - 1);
    }

    /**
     * Deletes this owner's items for {@code versions} and its catalog. Items that are gone or belong to someone else
     * are left alone: a Delete must succeed, or a stack whose Create failed could never roll back.
     *
     * @return how many items were removed
     */
    public int remove(String table, String owner, Collection<String> versions) {
        List<String> keys = new ArrayList<>(versions);
        keys.add(CATALOG_KEY);
        int removed = 0;
        for (String key : keys) {
            try {
                dynamoDb.deleteItem(request -> request.tableName(table)
                        .key(Map.of("version", s(key)))
                        .conditionExpression("#m = :owner")
                        .expressionAttributeNames(Map.of("#m", "managedBy"))
                        .expressionAttributeValues(Map.of(":owner", s(owner))));
                removed++;
            } catch (ConditionalCheckFailedException notOurs) {
                LOG.info("left in place (absent or owned by someone else): table={} version={}", table, key);
            } catch (ResourceNotFoundException gone) {
                LOG.info("table {} no longer exists; nothing to remove", table);
                return removed;
            }
        }
        return removed;
    }

    private String describe(String table, List<CancellationReason> reasons, List<String> keys) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < reasons.size() && i < keys.size(); i++) {
            CancellationReason reason = reasons.get(i);
            if (reason.code() == null || "None".equals(reason.code())) {
                continue;
            }
            boolean notOurs = "ConditionalCheckFailed".equals(reason.code());
            if (notOurs && CATALOG_KEY.equals(keys.get(i))) {
                problems.add(catalogConflict(table));
                continue;
            }
            String what = notOurs
                    ? "is managed by another owner (stack or hand-written item); remove it or pick another version"
                    : reason.code() + (reason.message() == null ? "" : " (" + reason.message() + ")");
            problems.add("version " + keys.get(i) + " " + what);
        }
        return problems.isEmpty() ? "transaction cancelled" : String.join("; ", problems);
    }

    /**
     * The table's catalog (the version list the edge function names in its 403 answers) belongs to another custom
     * resource: one table serves one distribution's mappings, so a second stack is refused with its owner named.
     */
    private String catalogConflict(String table) {
        AttributeValue owner = null;
        try {
            owner = dynamoDb.getItem(request -> request.tableName(table)
                            .key(Map.of("version", s(CATALOG_KEY)))
                            .consistentRead(true))
                    .item()
                    .get("managedBy");
        } catch (SdkException e) {
            LOG.warn("could not read the owner of {} in {}: {}", CATALOG_KEY, table, e.getMessage());
        }
        return "the table already holds the version mappings of " + (owner == null ? "another owner" : owner.s())
                + "; one table serves one stack's distribution (its catalog lists the versions the edge accepts),"
                + " so give this stack its own table or remove that stack's mapping resource first";
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
