package com.example.serverless.demoapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.example.serverless.common.config.Env;
import com.example.serverless.testsupport.LambdaEvents;
import com.example.serverless.testsupport.TestLambdaContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sample event goes through the Java runtime's own serializers, in and out, as in a deployed function. */
class HelloHandlerIT {

    @Test
    void sampleEvent_isServedByTheVersionItsStageNames() {
        // GIVEN the sample event, read exactly as the java21 runtime reads it, and the token the sample carries
        APIGatewayProxyRequestEvent event =
                LambdaEvents.load("demo-api-hello-v2.json", APIGatewayProxyRequestEvent.class);
        HelloHandler handler = new HelloHandler(new Env(Map.of("ORIGIN_VERIFY_TOKEN", "local-sample-token")));

        // WHEN the handler answers and the runtime serializes the answer
        APIGatewayProxyResponseEvent response = handler.handleRequest(event, new TestLambdaContext("hello"));
        String wire = LambdaEvents.toJson(response, APIGatewayProxyResponseEvent.class);

        // THEN API Gateway receives a 200 that names v2
        assertThat(wire).contains("\"statusCode\":200");
        assertThat(response.getBody())
                .isEqualTo("{\"apiVersion\":\"v2\",\"mediaType\":\"application/vnd.example.v2+json\","
                        + "\"message\":\"Hello from API v2\",\"path\":\"/hello\"}");
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json");
    }
}
