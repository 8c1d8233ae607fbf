package com.example.serverless.demoapi;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.example.serverless.common.priming.OfflineHttpClient;
import com.example.serverless.common.priming.OfflineHttpClient.Answer;
import com.example.serverless.common.priming.Priming;
import com.example.serverless.secretsenv.convert.SecretFlattener;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.logging.log4j.CloseableThreadContext;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * What {@link HelloHandler}'s first request loads, run before the SnapStart snapshot: the greeting's JSON, the
 * origin guard's constant-time comparison, and the Secrets Manager client that reads the origin-verify token
 * (marshalling, signing and unmarshalling one GetSecretValue offline). The real token is never read here: the
 * handler's cache reads it at the first request, after restore.
 */
final class HelloPriming extends Priming {

    static final String SECRET_ANSWER = "{\"ARN\":\"arn:aws:secretsmanager:us-east-1:000000000000:secret:priming\","
            + "\"Name\":\"priming\",\"VersionId\":\"priming\",\"SecretString\":\"{\\\"ORIGIN_VERIFY_TOKEN\\\":\\\"p\\\"}\"}";

    @Override
    public void prime() throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (var ids = CloseableThreadContext.put("requestId", "priming")) {
            ids.put("apiVersion", "v2");
            new OriginGuard(() -> "priming-token").allows("other-token");
            String body = json.writeValueAsString(Greeting.from(new ApiVersion("v2"), "/hello"));
            new APIGatewayProxyResponseEvent().withStatusCode(200).withBody(body);
        }
        var http = new OfflineHttpClient(request -> Answer.ok(SECRET_ANSWER));
        try (SecretsManagerClient secrets = Priming.offlineClient(SecretsManagerClient.builder(), http)) {
            String value = secrets.getSecretValue(b -> b.secretId("priming")).secretString();
            SecretFlattener.flatten("priming", value);
        }
    }
}
