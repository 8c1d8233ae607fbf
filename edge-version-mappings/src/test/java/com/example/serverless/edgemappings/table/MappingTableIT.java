package com.example.serverless.edgemappings.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.serverless.edgemappings.mapping.VersionMappings;
import com.example.serverless.testsupport.LocalAws;
import com.example.serverless.testsupport.LocalAwsTest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

@LocalAwsTest
class MappingTableIT {

    private static final String OWNER = "arn:aws:cloudformation:us-east-1:123456789012:stack/a/1/EdgeVersionMappings";
    private static final String OTHER = "arn:aws:cloudformation:us-east-1:123456789012:stack/b/2/EdgeVersionMappings";

    private DynamoDbClient dynamoDb;
    private MappingTable mappings;
    private String table;

    @BeforeEach
    void createTable(LocalAws aws) {
        dynamoDb = aws.configure(DynamoDbClient.builder()).build();
        mappings = new MappingTable(dynamoDb, Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC));
        table = LocalAws.uniqueName("edge-versions");
        createMappingTable(dynamoDb, table);
    }

    @AfterEach
    void close() {
        dynamoDb.close();
    }

    static void createMappingTable(DynamoDbClient dynamoDb, String table) {
        dynamoDb.createTable(b -> b.tableName(table)
                .attributeDefinitions(d -> d.attributeName("version").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("version").keyType(KeyType.HASH))
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    @Test
    void apply_writesEveryMappingAndTheCatalog_markedWithTheOwner() {
        mappings.apply(table, OWNER, parse("v1", "v2"), List.of());

        assertThat(item("v1"))
                .containsEntry("domain", s("v1.execute-api.us-east-1.amazonaws.com"))
                .containsEntry("path", s("/v1"))
                .containsEntry("managedBy", s(OWNER))
                .containsEntry("updatedAt", s("2026-11-27T10:00:00Z"));
        assertThat(item("#catalog").get("versions").l())
                .extracting(AttributeValue::s)
                .containsExactly("v1", "v2");
        assertThat(allKeys()).containsExactly("#catalog", "v1", "v2");
    }

    @Test
    void apply_onUpdate_changesKeptVersions_addsNewOnes_andRemovesDroppedOnes() {
        mappings.apply(table, OWNER, parse("v1", "v2"), List.of());

        mappings.apply(table, OWNER, VersionMappings.parse("""
                [{"version":"v2","domain":"moved.execute-api.us-east-1.amazonaws.com","path":"/v2"},
                 {"version":"v3","domain":"v3.execute-api.us-east-1.amazonaws.com","path":"/v3"}]"""), List.of("v1", "v2"));

        assertThat(allKeys()).containsExactly("#catalog", "v2", "v3");
        assertThat(item("v2")).containsEntry("domain", s("moved.execute-api.us-east-1.amazonaws.com"));
        assertThat(item("#catalog").get("versions").l())
                .extracting(AttributeValue::s)
                .containsExactly("v2", "v3");
    }

    @Test
    void apply_refusesToOverwriteAnotherOwnersVersion_andWritesNothing() {
        // GIVEN v2 written by another stack
        mappings.apply(table, OTHER, parse("v2"), List.of());

        // WHEN this owner asks for v1 and v2
        assertThatThrownBy(() -> mappings.apply(table, OWNER, parse("v1", "v2"), List.of()))
                .isInstanceOf(MappingWriteException.class)
                .hasMessageContaining("version v2 is managed by another owner");

        // THEN the transaction left the table as it was: no v1, v2 and the catalog still the other stack's
        assertThat(allKeys()).containsExactly("#catalog", "v2");
        assertThat(item("v2")).containsEntry("managedBy", s(OTHER));
    }

    @Test
    void apply_ofASecondStackToTheSameTable_isRefusedNamingTheStackThatOwnsIt_andWritesNothing() {
        // GIVEN another stack's mapping resource owns the table's catalog (with v1)
        mappings.apply(table, OTHER, parse("v1"), List.of());

        // WHEN a second stack asks for a version nobody holds yet
        assertThatThrownBy(() -> mappings.apply(table, OWNER, parse("v3"), List.of()))
                .isInstanceOf(MappingWriteException.class)
                .hasMessageContaining("the table already holds the version mappings of " + OTHER)
                .hasMessageContaining("give this stack its own table");

        // THEN nothing of the second stack was written
        assertThat(allKeys()).containsExactly("#catalog", "v1");
        assertThat(item("#catalog")).containsEntry("managedBy", s(OTHER));
    }

    @Test
    void apply_toAMissingTable_failsWithAReasonNamingIt() {
        assertThatThrownBy(() -> mappings.apply("no-such-table", OWNER, parse("v1"), List.of()))
                .isInstanceOf(MappingWriteException.class)
                .hasMessageContaining("no-such-table");
    }

    @Test
    void remove_deletesOnlyThisOwnersItems_andToleratesMissingOnes() {
        mappings.apply(table, OWNER, parse("v1"), List.of());
        dynamoDb.putItem(b -> b.tableName(table)
                .item(Map.of("version", s("v2"), "domain", s("x.example.com"), "managedBy", s(OTHER))));

        int removed = mappings.remove(table, OWNER, List.of("v1", "v2", "v7"));

        assertThat(removed).isEqualTo(2); // v1 and the catalog
        assertThat(allKeys()).containsExactly("v2");
    }

    @Test
    void remove_fromATableThatIsAlreadyGone_succeeds() {
        assertThat(mappings.remove("deleted-table", OWNER, List.of("v1"))).isZero();
    }

    private static VersionMappings parse(String... versions) {
        StringBuilder json = new StringBuilder("[");
        for (String version : versions) {
            json.append(json.length() > 1 ? "," : "")
                    .append("{\"version\":\"")
                    .append(version)
                    .append("\",\"domain\":\"")
                    .append(version)
                    .append(".execute-api.us-east-1.amazonaws.com\",")
                    .append("\"path\":\"/")
                    .append(version)
                    .append("\"}");
        }
        return VersionMappings.parse(json.append(']').toString());
    }

    private Map<String, AttributeValue> item(String version) {
        return dynamoDb.getItem(b ->
                        b.tableName(table).key(Map.of("version", s(version))).consistentRead(true))
                .item();
    }

    private List<String> allKeys() {
        // a Scan is fine in a test: it checks that nothing else is in the table
        Map<String, AttributeValue> sorted = new TreeMap<>();
        dynamoDb.scan(b -> b.tableName(table))
                .items()
                .forEach(i -> sorted.put(i.get("version").s(), i.get("version")));
        return List.copyOf(sorted.keySet());
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
