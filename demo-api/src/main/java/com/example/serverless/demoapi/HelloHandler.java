package com.example.serverless.demoapi;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.example.serverless.common.config.Env;
import com.example.serverless.common.deadline.Deadline;
import com.example.serverless.common.metrics.FunctionMetrics;
import com.example.serverless.secretsenv.api.CachedSecrets;
import com.example.serverless.secretsenv.aws.SecretsManagerSource;
import com.example.serverless.secretsenv.config.SecretsEnvConfig;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.logging.log4j.CloseableThreadContext;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * {@code GET /hello} for every API version. The version comes from the stage variable {@code apiVersion} set on
 * each API stage in template.yaml, falling back to {@code API_VERSION}, so one function serves v1 and v2 and the
 * response shows which one CloudFront routed to.
 */
public class HelloHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private static final Logger LOG = LogManager.getLogger(HelloHandler.class);
    private static final HelloPriming PRIMING = HelloPriming.register(new HelloPriming());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OriginGuard originGuard;
    private final String defaultVersion;
    private final FunctionMetrics metrics;

    /** Name the token has in {@code SECRETS_ENV_SECRETS} ({@code <secret arn>#ORIGIN_VERIFY_TOKEN}, set in us-east-1). */
    static final String TOKEN_NAME = "ORIGIN_VERIFY_TOKEN";

    public HelloHandler() {
        this(
                Env.system(),
                originToken(System.getenv(), SecretsManagerSource.ClientSettings.fromEnvironment(System.getenv())));
    }

    /** @param originToken the expected x-origin-verify value (cached by the caller); null = no guard */
    HelloHandler(Env env, Supplier<String> originToken) {
        this.originGuard = new OriginGuard(originToken);
        this.defaultVersion = env.optional("API_VERSION", "v1");
        this.metrics = FunctionMetrics.forFunction(env, "demo-api", "hello");
    }

    /**
     * The token, read from Secrets Manager at run time through the secrets layer's in-process cache (re-read after
     * SECRETS_ENV_REFRESH_SECONDS), so it is not visible in the function's configuration. No SECRETS_ENV_SECRETS =
     * no edge distribution in front (outside us-east-1): no guard.
     */
    static Supplier<String> originToken(Map<String, String> env, SecretsManagerSource.ClientSettings settings) {
        String secrets = env.get(SecretsEnvConfig.SECRETS);
        if (secrets == null || secrets.isBlank()) { // blank: sam local cannot resolve the conditional secret's ARN
            return null;
        }
        SecretsEnvConfig config = SecretsEnvConfig.fromEnvironment(env);
        if (config.roleArn().isPresent()) { // the artifact ships no STS client (demo-api/pom.xml)
            throw new IllegalStateException(
                    "the demo API reads its token with its own role; unset " + SecretsEnvConfig.ROLE_ARN);
        }
        // once per container; the first read is lazy (first request), the client is kept across refreshes
        CachedSecrets cached = new CachedSecrets(
                config, timeout -> SecretsManagerSource.longLived(config, settings), Clock.systemUTC());
        return () -> cached.get(TOKEN_NAME);
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent request, Context context) {
        Deadline deadline = Deadline.fromRemaining(context.getRemainingTimeInMillis());
        // prints a line only when something was recorded: here, only when the deadline stops a request
        return metrics.flushAfter(() -> handle(request, context, deadline));
    }

    private APIGatewayProxyResponseEvent handle(
            APIGatewayProxyRequestEvent request, Context context, Deadline deadline) {
        try (var ids = CloseableThreadContext.put("requestId", context.getAwsRequestId())) {
            boolean allowed;
            deadline.check("origin token"); // the token read may call Secrets Manager
            try {
                allowed = originGuard.allows(header(request, OriginGuard.HEADER));
            } catch (RuntimeException e) {
                // fail closed: without the token no request is let through; the message never holds the value
                LOG.error("origin-verify token unavailable: {}", e.getMessage());
                return json(503, Map.of("message", "Service Unavailable"));
            }
            if (!allowed) {
                LOG.warn(
                        "request refused: missing or wrong {} header (not routed through CloudFront)",
                        OriginGuard.HEADER);
                return json(403, Map.of("message", "Forbidden"));
            }
            ApiVersion version;
            try {
                version = new ApiVersion(stageVariable(request, "apiVersion", defaultVersion));
            } catch (IllegalArgumentException e) {
                LOG.error("misconfigured stage: {}", e.getMessage());
                return json(500, Map.of("message", "API version is misconfigured"));
            }
            ids.put("apiVersion", version.label());
            LOG.info("hello served");
            return json(200, Greeting.from(version, request.getPath()));
        }
    }

    private static String header(APIGatewayProxyRequestEvent request, String name) {
        Map<String, String> headers = request.getHeaders();
        if (headers == null) {
            return null;
        }
        // API Gateway keeps the client's header case
        return headers.entrySet().stream()
                .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    private static String stageVariable(APIGatewayProxyRequestEvent request, String name, String fallback) {
        Map<String, String> variables = request.getStageVariables();
        String value = variables == null ? null : variables.get(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static APIGatewayProxyResponseEvent json(int status, Object body) {
        try {
            return new APIGatewayProxyResponseEvent()
                    .withStatusCode(status)
                    .withHeaders(Map.of("Content-Type", "application/json", "Cache-Control", "no-store"))
                    .withBody(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response not serialisable", e);
        }
    }
}
