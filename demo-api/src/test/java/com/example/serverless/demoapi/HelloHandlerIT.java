package com.example.serverless.demoapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.example.serverless.common.config.Env;
import com.example.serverless.secretsenv.aws.SecretsManagerSource;
import com.example.serverless.testsupport.LambdaEvents;
import com.example.serverless.testsupport.LocalAws;
import com.example.serverless.testsupport.LocalAwsTest;
import com.example.serverless.testsupport.TestLambdaContext;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The sample event goes through the Java runtime's own serializers, in and out, as in a deployed function, with the
 * origin-verify token read from Secrets Manager (a local endpoint over HTTP) as the template configures it.
 */
@LocalAwsTest
class HelloHandlerIT {

    private static Supplier<String> tokenFromSecret(LocalAws aws, String value) {
        String arn;
        try (SecretsManagerClient admin =
                aws.configure(SecretsManagerClient.builder()).build()) {
            arn = admin.createSecret(
                            r -> r.name(LocalAws.uniqueName("origin-verify")).secretString(value))
                    .arn();
        }
        // as the template sets it in us-east-1: SECRETS_ENV_SECRETS = <secret arn>#ORIGIN_VERIFY_TOKEN
        return HelloHandler.originToken(
                Map.of("AWS_REGION", aws.region().id(), "SECRETS_ENV_SECRETS", arn + "#" + HelloHandler.TOKEN_NAME),
                new SecretsManagerSource.ClientSettings(aws.credentials(), Optional.of(aws.endpoint())));
    }

    @Test
    void sampleEvent_isServedByTheVersionItsStageNames(LocalAws aws) {
        // GIVEN the sample event, read exactly as the java21 runtime reads it, and a secret holding its token
        APIGatewayProxyRequestEvent event =
                LambdaEvents.load("demo-api-hello-v2.json", APIGatewayProxyRequestEvent.class);
        HelloHandler handler = new HelloHandler(new Env(Map.of()), tokenFromSecret(aws, "local-sample-token"));

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

    @Test
    void aDifferentSecretValue_refusesTheSampleEvent(LocalAws aws) {
        APIGatewayProxyRequestEvent event =
                LambdaEvents.load("demo-api-hello-v2.json", APIGatewayProxyRequestEvent.class);
        HelloHandler handler = new HelloHandler(new Env(Map.of()), tokenFromSecret(aws, "another-token"));

        assertThat(handler.handleRequest(event, new TestLambdaContext("hello")).getStatusCode())
                .isEqualTo(403);
    }

    @Test
    void aMissingSecret_failsClosedWith503(LocalAws aws) {
        APIGatewayProxyRequestEvent event =
                LambdaEvents.load("demo-api-hello-v2.json", APIGatewayProxyRequestEvent.class);
        Supplier<String> missing = HelloHandler.originToken(
                Map.of(
                        "AWS_REGION",
                        aws.region().id(),
                        "SECRETS_ENV_SECRETS",
                        LocalAws.uniqueName("absent") + "#" + HelloHandler.TOKEN_NAME),
                new SecretsManagerSource.ClientSettings(aws.credentials(), Optional.of(aws.endpoint())));
        HelloHandler handler = new HelloHandler(new Env(Map.of()), missing);

        assertThat(handler.handleRequest(event, new TestLambdaContext("hello")).getStatusCode())
                .isEqualTo(503);
    }
}
