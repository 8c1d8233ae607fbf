package com.example.serverless.demoapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.example.serverless.common.config.Env;
import com.example.serverless.testsupport.TestLambdaContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HelloHandlerTest {

    private static APIGatewayProxyRequestEvent request(Map<String, String> headers, Map<String, String> stageVars) {
        return new APIGatewayProxyRequestEvent().withPath("/hello").withHttpMethod("GET")
                .withHeaders(headers).withStageVariables(stageVars);
    }

    private static APIGatewayProxyResponseEvent invoke(Map<String, String> env, APIGatewayProxyRequestEvent request) {
        return new HelloHandler(new Env(env)).handleRequest(request, new TestLambdaContext("hello"));
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
        APIGatewayProxyResponseEvent response =
                invoke(Map.of(), request(Map.of(), Map.of("apiVersion", "<script>")));

        assertThat(response.getStatusCode()).isEqualTo(500);
        assertThat(response.getBody()).doesNotContain("<script>");
    }

    @Test
    void originGuard_refusesRequestsThatBypassCloudFront() {
        Map<String, String> env = Map.of("ORIGIN_VERIFY_TOKEN", "s3cret");

        assertThat(invoke(env, request(Map.of(), null)).getStatusCode()).isEqualTo(403);
        assertThat(invoke(env, request(Map.of("X-Origin-Verify", "wrong"), null)).getStatusCode()).isEqualTo(403);
        assertThat(invoke(env, request(Map.of("x-origin-verify", "s3cret"), null)).getStatusCode()).isEqualTo(200);
    }

    @Test
    void originGuard_isOpen_whenNoTokenConfigured() {
        assertThat(new OriginGuard(" ").allows(null)).isTrue();
        assertThat(new OriginGuard(null).enabled()).isFalse();
    }
}
