package com.example.serverless.canary;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.serverless.canary.check.Canary;
import com.example.serverless.canary.check.CanaryConfig;
import com.example.serverless.canary.check.CheckResult;
import com.example.serverless.canary.localedge.LocalEdge;
import com.example.serverless.demoapi.GuardedHello;
import com.example.serverless.demoapi.HelloHandler;
import com.example.serverless.testsupport.LocalAws;
import com.example.serverless.testsupport.LocalAwsTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The canary against the real route, locally: a CloudFront stand-in ({@link LocalEdge}) runs the real
 * edge-origin-request function (Node.js) on a version table in a local DynamoDB, and the real demo API handler
 * behind two "APIs" (stages v1 and v2), exactly as the template wires them.
 */
@LocalAwsTest
class CanaryAgainstLocalEdgeIT {

    private static final String V1_API = "v1api00001.execute-api.us-east-1.amazonaws.com";
    private static final String V2_API = "v2api00002.execute-api.us-east-1.amazonaws.com";

    @Test
    void everyCheckPasses_whenEachVersionIsServedByItsOwnApi(LocalAws aws) throws Exception {
        String table = versionTable(aws, Map.of("v1", V1_API + " /v1", "v2", V2_API + " /v2"));
        try (LocalEdge edge = new LocalEdge(aws, LocalEdge.routerHeaders(table), demoApis())) {
            List<CheckResult> results = canary(edge.baseUrl()).run();

            assertThat(results).extracting(CheckResult::name).containsExactly("v1", "v2", "missing-version");
            assertThat(results)
                    .allSatisfy(r -> assertThat(r.passed())
                            .as("%s: %s", r.name(), r.problem())
                            .isTrue());
            assertThat(results).extracting(CheckResult::status).containsExactly(200, 200, 403);
        }
    }

    @Test
    void theV2CheckFails_whenTheTableSendsV2ToTheV1Api(LocalAws aws) throws Exception {
        // GIVEN a mapping mistake: v2 points at the v1 API (what a bad EdgeApiVersionMappings would do)
        String table = versionTable(aws, Map.of("v1", V1_API + " /v1", "v2", V1_API + " /v1"));
        try (LocalEdge edge = new LocalEdge(aws, LocalEdge.routerHeaders(table), demoApis())) {
            List<CheckResult> results = canary(edge.baseUrl()).run();

            assertThat(results.get(0).passed()).isTrue();
            CheckResult v2 = results.get(1);
            assertThat(v2.passed()).isFalse();
            assertThat(v2.status()).isEqualTo(200);
            assertThat(v2.problem()).isEqualTo("expected apiVersion v2, got 'v1'");
            assertThat(results.get(2).passed()).isTrue();
        }
    }

    @Test
    void theVersionChecksFail_whenTheApisRefuseTheDistributionsOriginToken(LocalAws aws) throws Exception {
        // GIVEN the APIs expect another x-origin-verify value than the distribution sends (a rotated secret whose
        // new value the distribution has not picked up yet): the APIs answer 403 to everything routed to them
        String table = versionTable(aws, Map.of("v1", V1_API + " /v1", "v2", V2_API + " /v2"));
        Map<String, String> headers = new LinkedHashMap<>(LocalEdge.routerHeaders(table));
        headers.put("x-origin-verify", "a-stale-token");
        try (LocalEdge edge = new LocalEdge(aws, headers, demoApis())) {
            List<CheckResult> results = canary(edge.baseUrl()).run();

            assertThat(results)
                    .extracting(CheckResult::problem)
                    .containsExactly("expected 200 from v1, got 403", "expected 200 from v2, got 403", null);
        }
    }

    @Test
    void everyCheckFails_whenTheEdgeCannotReadItsTable(LocalAws aws) throws Exception {
        // GIVEN a distribution configured with a table that does not exist: the edge answers 503 to every version
        try (LocalEdge edge =
                new LocalEdge(aws, LocalEdge.routerHeaders(LocalAws.uniqueName("no-such-table")), demoApis())) {
            List<CheckResult> results = canary(edge.baseUrl()).run();

            assertThat(results).noneMatch(CheckResult::passed);
            assertThat(results).extracting(CheckResult::status).containsOnly(503);
            assertThat(results.get(2).problem()).isEqualTo("expected 403, got 503");
        }
    }

    private static Canary canary(URI baseUrl) {
        CanaryConfig config = CanaryConfig.from(new com.example.serverless.common.config.Env(Map.of(
                "CANARY_BASE_URL",
                baseUrl.toString(),
                // cold Node and JVM on a shared test machine: generous, still bounded
                "CANARY_TIMEOUT_MS",
                "15000")));
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        return new Canary(http, config);
    }

    /**
     * Two API Gateway APIs in front of one HelloFunction, as in template.yaml (stage variable apiVersion), with the
     * origin guard expecting the token {@link LocalEdge#routerHeaders} gives the distribution.
     */
    private static Map<String, LocalEdge.Api> demoApis() {
        HelloHandler hello = GuardedHello.withToken(LocalEdge.ORIGIN_VERIFY_TOKEN);
        Map<String, LocalEdge.Api> apis = new LinkedHashMap<>();
        apis.put(V1_API, new LocalEdge.Api("v1", Map.of("apiVersion", "v1"), hello));
        apis.put(V2_API, new LocalEdge.Api("v2", Map.of("apiVersion", "v2"), hello));
        return apis;
    }

    /** The table as EdgeVersionMappings writes it: one item per version ("domain /path") and the catalog. */
    private static String versionTable(LocalAws aws, Map<String, String> mappings) {
        String table = LocalAws.uniqueName("edge-versions");
        try (DynamoDbClient dynamo = aws.configure(DynamoDbClient.builder()).build()) {
            dynamo.createTable(b -> b.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder()
                            .attributeName("version")
                            .attributeType(ScalarAttributeType.S)
                            .build())
                    .keySchema(KeySchemaElement.builder()
                            .attributeName("version")
                            .keyType(KeyType.HASH)
                            .build()));
            mappings.forEach((version, target) -> {
                String[] domainAndPath = target.split(" ");
                dynamo.putItem(b -> b.tableName(table)
                        .item(Map.of(
                                "version", AttributeValue.fromS(version),
                                "domain", AttributeValue.fromS(domainAndPath[0]),
                                "path", AttributeValue.fromS(domainAndPath[1]))));
            });
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of(
                            "version",
                            AttributeValue.fromS("#catalog"),
                            "versions",
                            AttributeValue.fromL(mappings.keySet().stream()
                                    .sorted()
                                    .map(AttributeValue::fromS)
                                    .toList()))));
        }
        return table;
    }
}
