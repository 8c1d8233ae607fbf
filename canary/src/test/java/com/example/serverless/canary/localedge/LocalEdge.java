package com.example.serverless.canary.localedge;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.example.serverless.testsupport.LocalAws;
import com.example.serverless.testsupport.ProjectPaths;
import com.example.serverless.testsupport.TestLambdaContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A local stand-in for the deployed route: an HTTP endpoint that plays CloudFront (it turns each request into the
 * origin-request event CloudFront builds, with the distribution's origin custom headers), runs the real
 * edge-origin-request handler on Node.js against a local DynamoDB, and then either sends the edge's generated
 * answer or calls the API the edge chose, as API Gateway would (stage from the origin path, stage variables,
 * the origin's custom headers such as x-origin-verify). What it leaves out: TLS, caching (the stack uses
 * CachingDisabled), Lambda@Edge's own limits, and API Gateway throttling.
 *
 * <p>Reusable by anything that needs "the distribution" locally: give it the table, the router configuration headers
 * and the APIs by domain.
 */
public final class LocalEdge implements AutoCloseable {

    /** One API Gateway REST API: its stage and stage variables, and the Lambda proxy integration behind it. */
    public record Api(
            String stage,
            Map<String, String> stageVariables,
            RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler) {}

    /** The x-origin-verify value {@link #routerHeaders} gives the distribution. */
    public static final String ORIGIN_VERIFY_TOKEN = "local-origin-verify-token";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> originHeaders;
    private final Map<String, Api> apisByDomain;
    private final String defaultDomain;
    private final Process node;
    private final BufferedWriter toNode;
    private final BufferedReader fromNode;
    private final HttpServer server;

    /**
     * @param originHeaders the distribution's origin custom headers (x-router-*, x-origin-verify)
     * @param apisByDomain the APIs the version table may point at, by execute-api domain; the first is the
     *     distribution's default origin
     */
    public LocalEdge(LocalAws aws, Map<String, String> originHeaders, Map<String, Api> apisByDomain)
            throws IOException {
        this.originHeaders = Map.copyOf(originHeaders);
        this.apisByDomain = new LinkedHashMap<>(apisByDomain);
        this.defaultDomain = apisByDomain.keySet().iterator().next();
        Path root = ProjectPaths.root();
        Path index = root.resolve("edge-origin-request/src/index.mjs");
        Path runner = root.resolve("canary/src/test/node/edge-runner.mjs");
        if (!Files.isRegularFile(index) || !Files.isDirectory(root.resolve("edge-origin-request/node_modules"))) {
            throw new IllegalStateException("edge-origin-request is not installed: run scripts/setup-tools.sh");
        }
        ProcessBuilder builder = new ProcessBuilder("node", runner.toString(), index.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(aws.environment());
        try {
            this.node = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("node (20+) must be on PATH to run the edge function", e);
        }
        this.toNode = new BufferedWriter(new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8));
        this.fromNode = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::serve);
        server.start();
    }

    /** What a client uses instead of https://<distribution>.cloudfront.net. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode answer = edge(originRequestEvent(exchange));
            if (answer.has("status")) {
                // a response the edge generated (403, 400, 503, ...)
                respond(
                        exchange,
                        Integer.parseInt(answer.get("status").asText()),
                        headers(answer),
                        text(answer, "body"));
                return;
            }
            JsonNode custom = answer.path("origin").path("custom");
            Api api = apisByDomain.get(custom.path("domainName").asText());
            if (api == null) {
                respond(exchange, 502, Map.of("Content-Type", "text/plain"), "no such origin");
                return;
            }
            String originPath = custom.path("path").asText("");
            if (!originPath.equals("/" + api.stage())) {
                // API Gateway's answer for a stage it does not have
                respond(exchange, 403, Map.of("Content-Type", "application/json"), "{\"message\":\"Forbidden\"}");
                return;
            }
            APIGatewayProxyResponseEvent response =
                    api.handler().handleRequest(proxyEvent(answer, api), new TestLambdaContext("HelloFunction"));
            respond(exchange, response.getStatusCode(), response.getHeaders(), response.getBody());
        } catch (RuntimeException e) {
            respond(exchange, 502, Map.of("Content-Type", "text/plain"), "local edge failed: " + e.getMessage());
        }
    }

    private ObjectNode originRequestEvent(HttpExchange exchange) {
        ObjectNode request = JSON.createObjectNode();
        request.put("clientIp", "127.0.0.1");
        ObjectNode headers = request.putObject("headers");
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("host")) {
                return; // the origin request policy AllViewerExceptHostHeader drops it; CloudFront sets the origin's
            }
            ArrayNode list = headers.putArray(lower);
            values.forEach(v -> list.addObject().put("key", name).put("value", v));
        });
        headers.putArray("host").addObject().put("key", "Host").put("value", defaultDomain);
        request.put("method", exchange.getRequestMethod());
        ObjectNode custom = request.putObject("origin").putObject("custom");
        ObjectNode customHeaders = custom.putObject("customHeaders");
        originHeaders.forEach((name, value) ->
                customHeaders.putArray(name).addObject().put("key", name).put("value", value));
        custom.put("domainName", defaultDomain)
                .put("keepaliveTimeout", 5)
                .put("path", "/" + apisByDomain.get(defaultDomain).stage())
                .put("port", 443)
                .put("protocol", "https")
                .put("readTimeout", 30)
                .putArray("sslProtocols")
                .add("TLSv1.2");
        String query = exchange.getRequestURI().getRawQuery();
        request.put("querystring", query == null ? "" : query);
        request.put("uri", exchange.getRequestURI().getRawPath());
        ObjectNode event = JSON.createObjectNode();
        ObjectNode cf = event.putArray("Records").addObject().putObject("cf");
        cf.putObject("config")
                .put("distributionDomainName", "local-edge")
                .put("distributionId", "LOCALEDGE")
                .put("eventType", "origin-request")
                .put("requestId", UUID.randomUUID().toString());
        cf.set("request", request);
        return event;
    }

    /** Sends one event to the Node process and waits for its answer (one request at a time). */
    private synchronized JsonNode edge(ObjectNode event) throws IOException {
        String id = UUID.randomUUID().toString();
        ObjectNode line = JSON.createObjectNode().put("id", id);
        line.set("event", event);
        toNode.write(JSON.writeValueAsString(line));
        toNode.newLine();
        toNode.flush();
        String reply = fromNode.readLine();
        if (reply == null) {
            throw new IllegalStateException("the edge runner (node) exited");
        }
        JsonNode answer = JSON.readTree(reply);
        if (!id.equals(answer.path("id").asText()) || answer.has("error")) {
            throw new IllegalStateException(
                    "edge handler failed: " + answer.path("error").asText(reply));
        }
        return answer.get("result");
    }

    /** The Lambda proxy event API Gateway would build for the request the edge re-pointed. */
    private static APIGatewayProxyRequestEvent proxyEvent(JsonNode routed, Api api) {
        Map<String, String> headers = new LinkedHashMap<>();
        routed.path("headers").forEach(values -> {
            JsonNode first = values.path(0);
            headers.put(first.path("key").asText(), first.path("value").asText());
        });
        // CloudFront adds the origin's custom headers (the edge has removed its x-router-* ones) to the request
        routed.path("origin").path("custom").path("customHeaders").forEach(values -> {
            JsonNode first = values.path(0);
            headers.put(first.path("key").asText(), first.path("value").asText());
        });
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod(routed.path("method").asText())
                .withPath(routed.path("uri").asText())
                .withResource(routed.path("uri").asText())
                .withHeaders(headers)
                .withStageVariables(api.stageVariables())
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext().withStage(api.stage()));
    }

    private static Map<String, String> headers(JsonNode generated) {
        Map<String, String> headers = new LinkedHashMap<>();
        generated.path("headers").forEach(values -> {
            JsonNode first = values.path(0);
            headers.put(first.path("key").asText(), first.path("value").asText());
        });
        return headers;
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).asText("");
    }

    private static void respond(HttpExchange exchange, int status, Map<String, String> headers, String body)
            throws IOException {
        if (headers != null) {
            headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    /** The router configuration headers the template puts on EdgeDistribution's origin, for one table. */
    public static Map<String, String> routerHeaders(String table) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-origin-verify", ORIGIN_VERIFY_TOKEN);
        headers.put("x-router-version-table", table);
        headers.put("x-router-table-region", LocalAws.REGION.id());
        headers.put("x-router-table-replica-regions", LocalAws.REGION.id());
        headers.put("x-router-version-header", "Accept");
        return headers;
    }

    @Override
    public void close() throws Exception {
        server.stop(0);
        toNode.close();
        if (!node.waitFor(10, TimeUnit.SECONDS)) {
            node.destroyForcibly();
        }
    }
}
