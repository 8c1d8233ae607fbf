package com.example.serverless.edgemappings.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.CloudFormationCustomResourceEvent;
import com.example.serverless.testsupport.EmfLines;
import com.example.serverless.testsupport.LambdaEvents;
import com.example.serverless.testsupport.LocalAws;
import com.example.serverless.testsupport.LocalAwsTest;
import com.example.serverless.testsupport.TestLambdaContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The whole custom resource: the sample event read as the Java runtime reads it, the writes against the local
 * DynamoDB endpoint, and the response PUT to a local HTTP server standing in for CloudFormation's pre-signed URL.
 */
@LocalAwsTest
class VersionMappingsHandlerIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer cloudFormation;
    private final BlockingQueue<JsonNode> responses = new LinkedBlockingQueue<>();
    private DynamoDbClient dynamoDb;
    private VersionMappingsHandler handler;
    private String table;

    @BeforeEach
    void start(LocalAws aws) throws IOException {
        cloudFormation = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        cloudFormation.createContext("/", exchange -> {
            try (exchange) {
                if ("PUT".equals(exchange.getRequestMethod())) {
                    responses.add(JSON.readTree(exchange.getRequestBody()));
                }
                exchange.sendResponseHeaders(200, -1);
            }
        });
        cloudFormation.start();
        dynamoDb = aws.configure(DynamoDbClient.builder()).build();
        handler = new VersionMappingsHandler(UrlConnectionHttpClient.create(), dynamoDb, Clock.systemUTC());
        table = LocalAws.uniqueName("edge-versions");
        dynamoDb.createTable(b -> b.tableName(table)
                .attributeDefinitions(d -> d.attributeName("version").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("version").keyType(KeyType.HASH))
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    @AfterEach
    void stop() {
        cloudFormation.stop(0);
        dynamoDb.close();
    }

    @Test
    void create_writesTheSampleMappings_andReportsSuccessWithThePhysicalIdAndVersions() throws Exception {
        CloudFormationCustomResourceEvent event = sampleEvent();

        handler.handleRequest(event, new TestLambdaContext("edge-version-mappings"));

        JsonNode response = nextResponse();
        assertThat(response.get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(response.get("PhysicalResourceId").asText()).isEqualTo("edge-version-mappings/" + table);
        assertThat(response.get("LogicalResourceId").asText()).isEqualTo("EdgeVersionMappings");
        assertThat(response.get("RequestId").asText()).isEqualTo(event.getRequestId());
        assertThat(response.at("/Data/Versions").asText()).isEqualTo("v1,v2");
        assertThat(domainOf("v2")).isEqualTo("ijklmnop34.execute-api.us-east-1.amazonaws.com");
    }

    @Test
    void update_appliesTheChangedParameter_andDelete_removesWhatItWrote() throws Exception {
        CloudFormationCustomResourceEvent create = sampleEvent();
        handler.handleRequest(create, new TestLambdaContext("edge-version-mappings"));
        assertThat(nextResponse().get("Status").asText()).isEqualTo("SUCCESS");

        // WHEN the Mappings parameter drops v1 and adds v3
        CloudFormationCustomResourceEvent update = sampleEvent();
        update.setRequestType("Update");
        update.setPhysicalResourceId("edge-version-mappings/" + table);
        update.setOldResourceProperties(create.getResourceProperties());
        update.setResourceProperties(
                properties(
                        table,
                        "[{\"version\":\"v2\",\"domain\":\"ijklmnop34.execute-api.us-east-1.amazonaws.com\",\"path\":\"/v2\"},"
                                + "{\"version\":\"v3\",\"domain\":\"qrstuvwx56.execute-api.us-east-1.amazonaws.com\",\"path\":\"/v3\"}]"));
        handler.handleRequest(update, new TestLambdaContext("edge-version-mappings"));

        // THEN v1 is gone and v3 is there
        assertThat(nextResponse().at("/Data/Versions").asText()).isEqualTo("v2,v3");
        assertThat(domainOf("v1")).isNull();
        assertThat(domainOf("v3")).isEqualTo("qrstuvwx56.execute-api.us-east-1.amazonaws.com");

        // WHEN the stack deletes the resource
        CloudFormationCustomResourceEvent delete = sampleEvent();
        delete.setRequestType("Delete");
        delete.setPhysicalResourceId("edge-version-mappings/" + table);
        delete.setResourceProperties(update.getResourceProperties());
        handler.handleRequest(delete, new TestLambdaContext("edge-version-mappings"));

        // THEN it reports success and the table is empty
        assertThat(nextResponse().get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(dynamoDb.scan(b -> b.tableName(table)).count()).isZero();
    }

    @Test
    void create_printsMappingWritesUnderEdgeVersionMappings_andAFailedWriteCountsAFailure() throws Exception {
        EmfLines written = EmfLines.capture(
                        () -> handler.handleRequest(sampleEvent(), new TestLambdaContext("edge-version-mappings")))
                .emf();
        CloudFormationCustomResourceEvent failing = sampleEvent();
        failing.setResourceProperties(properties("missing-" + table, mappingsOf(failing)));
        EmfLines failed = EmfLines.capture(
                        () -> handler.handleRequest(failing, new TestLambdaContext("edge-version-mappings")))
                .emf();

        assertThat(written.namespaces()).containsExactly("ServerlessJavaSuite");
        assertThat(written.dimensionValues()).isEqualTo(Map.of("Service", "edge", "Function", "version-mappings"));
        assertThat(written.sum("MappingWrites")).isEqualTo(2);
        assertThat(written.has("MappingWriteFailures")).isFalse();
        assertThat(failed.sum("MappingWriteFailures")).isEqualTo(1);
        assertThat(failed.has("MappingWrites")).isFalse();
    }

    @Test
    void create_pastItsDeadline_answersFailedAtOnce_andCountsDeadlineExceeded() throws Exception {
        EmfLines.Captured run = EmfLines.capture(() -> handler.handleRequest(
                sampleEvent(), new TestLambdaContext("edge-version-mappings", java.time.Duration.ofMillis(200))));

        assertThat(run.thrown()).isNull();
        JsonNode response = nextResponse();
        assertThat(response.get("Status").asText()).isEqualTo("FAILED");
        assertThat(response.get("Reason").asText()).startsWith("deadline exceeded: stopped at Create");
        assertThat(run.emf().sum("DeadlineExceeded")).isEqualTo(1);
        assertThat(dynamoDb.scan(b -> b.tableName(table)).count()).isZero();
    }

    @Test
    void create_withAFailingWrite_reportsFailedWithTheReason() throws Exception {
        CloudFormationCustomResourceEvent event = sampleEvent();
        event.setResourceProperties(properties("missing-" + table, mappingsOf(event)));

        handler.handleRequest(event, new TestLambdaContext("edge-version-mappings"));

        JsonNode response = nextResponse();
        assertThat(response.get("Status").asText()).isEqualTo("FAILED");
        assertThat(response.get("Reason").asText()).contains("missing-" + table).contains("does not exist");
    }

    @Test
    void create_withABadParameter_reportsFailedNamingTheProblem_andItsRollbackDeleteSucceeds() throws Exception {
        CloudFormationCustomResourceEvent event = sampleEvent();
        event.setResourceProperties(properties(table, "[{\"version\":\"v1\",\"domain\":\"https://x.example.com\"}]"));

        handler.handleRequest(event, new TestLambdaContext("edge-version-mappings"));
        JsonNode failed = nextResponse();
        assertThat(failed.get("Status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("Reason").asText()).contains("domain of version v1 is not a host name");

        // CloudFormation rolls back with a Delete carrying the same (bad) properties: it must not get stuck
        event.setRequestType("Delete");
        event.setPhysicalResourceId(failed.get("PhysicalResourceId").asText());
        handler.handleRequest(event, new TestLambdaContext("edge-version-mappings"));
        assertThat(nextResponse().get("Status").asText()).isEqualTo("SUCCESS");
    }

    private CloudFormationCustomResourceEvent sampleEvent() {
        CloudFormationCustomResourceEvent event =
                LambdaEvents.load("edge-version-mappings-create.json", CloudFormationCustomResourceEvent.class);
        event.setResponseUrl("http://127.0.0.1:" + cloudFormation.getAddress().getPort() + "/response?sig=x");
        event.setResourceProperties(properties(table, mappingsOf(event)));
        return event;
    }

    private static String mappingsOf(CloudFormationCustomResourceEvent event) {
        return (String) event.getResourceProperties().get("Mappings");
    }

    private static Map<String, Object> properties(String tableName, String mappings) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("ServiceToken", "arn:aws:lambda:us-east-1:123456789012:function:mappings");
        properties.put("TableName", tableName);
        properties.put("Mappings", mappings);
        return properties;
    }

    private JsonNode nextResponse() throws InterruptedException {
        JsonNode response = responses.poll(10, TimeUnit.SECONDS);
        assertThat(response).as("response PUT to the CloudFormation URL").isNotNull();
        return response;
    }

    private String domainOf(String version) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table)
                        .key(Map.of("version", AttributeValue.fromS(version)))
                        .consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? null : item.get("domain").s();
    }
}
