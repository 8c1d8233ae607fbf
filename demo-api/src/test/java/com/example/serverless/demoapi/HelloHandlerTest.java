package com.example.serverless.demoapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.example.serverless.common.config.Env;
import com.example.serverless.secretsenv.SecretsUnavailableException;
import com.example.serverless.testsupport.EmfLines;
import com.example.serverless.testsupport.TestLambdaContext;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class HelloHandlerTest {

    private static APIGatewayProxyRequestEvent request(Map<String, String> headers, Map<String, String> stageVars) {
        return new APIGatewayProxyRequestEvent()
                .withPath("/hello")
                .withHttpMethod("GET")
                .withHeaders(headers)
                .withStageVariables(stageVars);
    }

    private static APIGatewayProxyResponseEvent invoke(Map<String, String> env, APIGatewayProxyRequestEvent request) {
        return invoke(env, null, request);
    }

    private static APIGatewayProxyResponseEvent invoke(
            Map<String, String> env, Supplier<String> token, APIGatewayProxyRequestEvent request) {
        return new HelloHandler(new Env(env), token).handleRequest(request, new TestLambdaContext("hello"));
    }

    @Test
    void aServedRequest_printsNoMetricLine_andOnePastItsDeadlineStopsWithTheDeadlineErrorAndCountsIt() {
        HelloHandler handler = new HelloHandler(new Env(Map.of("POWERTOOLS_METRICS_NAMESPACE", "Test/Demo")), null);

        EmfLines.Captured served = EmfLines.capture(
                () -> handler.handleRequest(request(Map.of(), Map.of()), new TestLambdaContext("hello")));
        EmfLines.Captured late = EmfLines.capture(() -> handler.handleRequest(
                request(Map.of(), Map.of()), new TestLambdaContext("hello", java.time.Duration.ofMillis(100))));

        assertThat(served.thrown()).isNull();
        assertThat(served.emf().documents()).isEmpty();
        assertThat(late.thrown())
                .isInstanceOf(com.example.serverless.common.deadline.DeadlineExceededException.class)
                .hasMessageStartingWith("deadline exceeded: stopped at origin token");
        assertThat(late.emf().namespaces()).containsExactly("Test/Demo");
        assertThat(late.emf().dimensionValues()).isEqualTo(Map.of("Service", "demo-api", "Function", "hello"));
        assertThat(late.emf().sum("DeadlineExceeded")).isEqualTo(1);
    }

    @Test
    void versionComesFromStageVariable() {
        APIGatewayProxyResponseEvent response = invoke(Map.of(), request(Map.of(), Map.of("apiVersion", "v2")));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).contains("\"apiVersion\":\"v2\"").contains("Hello from API v2");
    }

    @Test
    void versionFallsBackToEnvironment_whenStageHasNone() {
        APIGatewayProxyResponseEvent response = invoke(Map.of("API_VERSION", "v7"), request(null, null));

        assertThat(response.getBody()).contains("\"apiVersion\":\"v7\"");
    }

    @Test
    void malformedStageVersion_is500_notEchoed() {
        APIGatewayProxyResponseEvent response = invoke(Map.of(), request(Map.of(), Map.of("apiVersion", "<script>")));

        assertThat(response.getStatusCode()).isEqualTo(500);
        assertThat(response.getBody()).doesNotContain("<script>");
    }

    @Test
    void originGuard_refusesRequestsThatBypassCloudFront() {
        Supplier<String> token = () -> "s3cret";

        assertThat(invoke(Map.of(), token, request(Map.of(), null)).getStatusCode())
                .isEqualTo(403);
        assertThat(invoke(Map.of(), token, request(Map.of("X-Origin-Verify", "wrong"), null))
                        .getStatusCode())
                .isEqualTo(403);
        assertThat(invoke(Map.of(), token, request(Map.of("x-origin-verify", "s3cret"), null))
                        .getStatusCode())
                .isEqualTo(200);
    }

    @Test
    void originGuard_failsClosed_whenTheTokenCannotBeRead() {
        Supplier<String> unreadable = () -> {
            throw new SecretsUnavailableException("secret x: AccessDeniedException");
        };

        APIGatewayProxyResponseEvent response =
                invoke(Map.of(), unreadable, request(Map.of("x-origin-verify", "anything"), null));

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(invoke(Map.of(), () -> " ", request(Map.of("x-origin-verify", " "), null))
                        .getStatusCode())
                .isEqualTo(503);
    }

    @Test
    void originGuard_isOpen_whenNoTokenSourceIsConfigured() {
        assertThat(new OriginGuard(null).allows(null)).isTrue();
        assertThat(new OriginGuard(null).enabled()).isFalse();
        assertThat(HelloHandler.originToken(Map.of(), null)).isNull();
        assertThat(HelloHandler.originToken(Map.of("SECRETS_ENV_SECRETS", ""), null))
                .isNull();
    }

    @Test
    void originToken_refusesARoleToAssume_becauseTheArtifactShipsNoStsClient() {
        Map<String, String> env = Map.of(
                "SECRETS_ENV_SECRETS", "arn:aws:secretsmanager:us-east-1:123456789012:secret:edge#ORIGIN_VERIFY_TOKEN",
                "SECRETS_ENV_ROLE_ARN", "arn:aws:iam::123456789012:role/reader",
                "AWS_REGION", "us-east-1");
        assertThatThrownBy(() -> HelloHandler.originToken(env, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SECRETS_ENV_ROLE_ARN");
    }
}
