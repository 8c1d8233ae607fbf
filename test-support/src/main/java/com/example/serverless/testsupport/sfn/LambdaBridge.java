package com.example.serverless.testsupport.sfn;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.example.serverless.testsupport.TestLambdaContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Lambda service for moto's Step Functions interpreter. moto calls AWS APIs on {@code localhost:$MOTO_PORT};
 * the test points that port here. Lambda Invoke requests run the real Java handler bound to the function name
 * (in this JVM, with its input and output bytes exactly as Step Functions sends and receives them, and an
 * exception answered the way Lambda answers it: {@code X-Amz-Function-Error: Unhandled} with errorType and
 * errorMessage). A JSON-protocol service (the {@code X-Amz-Target: <prefix>.<Operation>} APIs such as Amazon
 * Forecast) can be answered by a {@link JsonService} bound with {@link #serve}: that is how a workflow test scripts
 * a service moto does not emulate. Every other request is forwarded to moto unchanged.
 */
public final class LambdaBridge implements AutoCloseable {

    private static final Set<String> UNFORWARDABLE =
            Set.of("connection", "content-length", "expect", "host", "upgrade", "transfer-encoding");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService workers;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Map<String, RequestStreamHandler> functions = new ConcurrentHashMap<>();
    private final List<String> invocations = new CopyOnWriteArrayList<>();
    private final Map<String, JsonService> services = new ConcurrentHashMap<>();
    private volatile URI moto;

    private LambdaBridge(HttpServer server, ExecutorService workers) {
        this.server = server;
        this.workers = workers;
    }

    public static LambdaBridge start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        ExecutorService workers = Executors.newFixedThreadPool(16);
        LambdaBridge bridge = new LambdaBridge(server, workers);
        server.createContext("/", bridge::handle);
        server.setExecutor(workers);
        server.start();
        return bridge;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void forwardTo(URI motoEndpoint) {
        this.moto = motoEndpoint;
    }

    public void bind(String functionName, RequestStreamHandler handler) {
        functions.put(functionName, handler);
    }

    /**
     * Answers every request whose {@code X-Amz-Target} starts with {@code targetPrefix + "."} (for example
     * {@code AmazonForecast}) with {@code service} instead of forwarding it to moto.
     */
    public void serve(String targetPrefix, JsonService service) {
        services.put(targetPrefix, service);
    }

    /** Function names in the order their invocations arrived. */
    public List<String> invocations() {
        return List.copyOf(invocations);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            JsonService service = target == null || target.indexOf('.') < 0
                    ? null
                    : services.get(target.substring(0, target.indexOf('.')));
            if ("POST".equals(exchange.getRequestMethod())
                    && path.startsWith("/2015-03-31/functions/")
                    && path.endsWith("/invocations")) {
                invoke(exchange, path);
            } else if (service != null) {
                answer(exchange, service, target.substring(target.indexOf('.') + 1));
            } else {
                forward(exchange);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void invoke(HttpExchange exchange, String path) throws IOException {
        String encoded = path.substring("/2015-03-31/functions/".length(), path.length() - "/invocations".length());
        String function = URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        function = function.substring(
                function.lastIndexOf("function:") >= 0 ? function.lastIndexOf("function:") + "function:".length() : 0);
        RequestStreamHandler handler = functions.get(function);
        byte[] payload = exchange.getRequestBody().readAllBytes();
        invocations.add(function);
        if (handler == null) {
            respond(
                    exchange,
                    404,
                    Map.of("Content-Type", "application/json", "x-amzn-ErrorType", "ResourceNotFoundException"),
                    ("{\"Message\":\"Function not found: " + function + "\"}").getBytes(StandardCharsets.UTF_8));
            return;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            handler.handleRequest(
                    new ByteArrayInputStream(payload), output, new TestLambdaContext(function, Duration.ofMinutes(5)));
            respond(exchange, 200, Map.of("Content-Type", "application/json"), output.toByteArray());
        } catch (Exception | Error e) {
            byte[] error = JSON.writeValueAsBytes(Map.of(
                    "errorMessage", String.valueOf(e.getMessage()),
                    "errorType", e.getClass().getName(),
                    "stackTrace",
                            Arrays.stream(e.getStackTrace())
                                    .limit(5)
                                    .map(String::valueOf)
                                    .toList()));
            respond(
                    exchange,
                    200,
                    Map.of("Content-Type", "application/json", "X-Amz-Function-Error", "Unhandled"),
                    error);
        }
    }

    private void answer(HttpExchange exchange, JsonService service, String operation) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        JsonNode request = JSON.readTree(body.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : body);
        JsonService.Reply reply;
        try {
            reply = service.call(operation, request);
        } catch (RuntimeException | Error e) {
            // a broken script must be visible in the run, not a hung connection
            reply = JsonService.Reply.error(500, "InternalServerException", String.valueOf(e));
        }
        // AWS sends a request id with every answer; SDKs (and moto's error reporting) read it
        String requestId = UUID.randomUUID().toString();
        respond(
                exchange,
                reply.status(),
                reply.status() == 200
                        ? Map.of("Content-Type", "application/x-amz-json-1.1", "x-amzn-RequestId", requestId)
                        : Map.of(
                                "Content-Type",
                                "application/x-amz-json-1.1",
                                "x-amzn-RequestId",
                                requestId,
                                "x-amzn-ErrorType",
                                reply.errorType()),
                JSON.writeValueAsBytes(reply.body()));
    }

    private void forward(HttpExchange exchange) throws IOException, InterruptedException {
        URI target = moto.resolve(exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null
                        ? ""
                        : "?" + exchange.getRequestURI().getRawQuery()));
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(60))
                .method(
                        exchange.getRequestMethod(),
                        HttpRequest.BodyPublishers.ofByteArray(
                                exchange.getRequestBody().readAllBytes()));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!UNFORWARDABLE.contains(name.toLowerCase())) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        response.headers().map().forEach((name, values) -> {
            if (!UNFORWARDABLE.contains(name.toLowerCase()) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
            throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
