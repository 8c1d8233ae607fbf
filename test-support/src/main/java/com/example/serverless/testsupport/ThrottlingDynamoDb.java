package com.example.serverless.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

/**
 * A DynamoDB endpoint that throttles on a script, in front of the real local endpoint: an HTTP proxy that
 * forwards every request to {@link LocalAws} unchanged, except the calls of an operation that has scripted
 * faults left. A fault either answers the way DynamoDB answers a throttled request (HTTP 400,
 * {@code ProvisionedThroughputExceededException} or {@code ThrottlingException}; the SDK's own retry sees it), or
 * lets only the first {@code n} items of a {@code BatchWriteItem}/{@code BatchGetItem} through to the real endpoint
 * and answers the rest as {@code UnprocessedItems}/{@code UnprocessedKeys} (a 200 that the caller must retry).
 * Items held back never reach the real endpoint, so a test sees in the table exactly what a throttled caller
 * really got written.
 *
 * <pre>{@code
 * try (ThrottlingDynamoDb proxy = ThrottlingDynamoDb.start(aws.endpoint())) {
 *     proxy.leaveUnprocessed("BatchWriteItem", 2, 10).fail("BatchWriteItem", 1, ThrottlingDynamoDb.THROTTLING);
 *     DynamoDbClient client = aws.configure(DynamoDbClient.builder()).endpointOverride(proxy.endpoint()).build();
 * }
 * }</pre>
 */
public final class ThrottlingDynamoDb implements AutoCloseable {

    public static final String PROVISIONED_THROUGHPUT_EXCEEDED = "ProvisionedThroughputExceededException";
    public static final String THROTTLING = "ThrottlingException";
    /** As many times as it is asked: a table that never recovers. */
    public static final int ALWAYS = Integer.MAX_VALUE;

    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final Set<String> UNFORWARDABLE =
            Set.of("connection", "content-length", "expect", "host", "upgrade", "transfer-encoding", "accept-encoding");
    private static final ObjectMapper JSON = new ObjectMapper();

    private sealed interface Fault permits Fail, Unprocessed {}

    private record Fail(String errorCode) implements Fault {}

    private record Unprocessed(int processed) implements Fault {}

    /** One scripted step: a fault for the next {@code left} calls. */
    private static final class Step {
        final Fault fault;
        int left;

        Step(Fault fault, int times) {
            this.fault = fault;
            this.left = times;
        }
    }

    private final HttpServer server;
    private final ExecutorService workers;
    private final URI target;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Map<String, Deque<Step>> script = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> faults = new ConcurrentHashMap<>();

    private ThrottlingDynamoDb(HttpServer server, ExecutorService workers, URI target) {
        this.server = server;
        this.workers = workers;
        this.target = target;
    }

    /** Starts on a free loopback port, forwarding to {@code target} (e.g. {@link LocalAws#endpoint()}). */
    public static ThrottlingDynamoDb start(URI target) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            ExecutorService workers = Executors.newFixedThreadPool(4);
            ThrottlingDynamoDb proxy = new ThrottlingDynamoDb(server, workers, target);
            server.createContext("/", proxy::handle);
            server.setExecutor(workers);
            server.start();
            return proxy;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the throttling DynamoDB proxy", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next {@code times} calls of {@code operation} (after earlier steps) fail with {@code errorCode}. */
    public ThrottlingDynamoDb fail(String operation, int times, String errorCode) {
        return add(operation, new Fail(errorCode), times);
    }

    /**
     * The next {@code times} calls of {@code operation} ({@code BatchWriteItem} or {@code BatchGetItem}) process
     * only their first {@code processed} items and return the rest as unprocessed.
     */
    public ThrottlingDynamoDb leaveUnprocessed(String operation, int times, int processed) {
        if (!operation.equals("BatchWriteItem") && !operation.equals("BatchGetItem")) {
            throw new IllegalArgumentException("only batch calls have unprocessed items, not " + operation);
        }
        return add(operation, new Unprocessed(processed), times);
    }

    /** Requests of {@code operation} that reached the proxy (faulted or not). */
    public int calls(String operation) {
        return calls.getOrDefault(operation, new AtomicInteger()).get();
    }

    /** Requests of {@code operation} that got a scripted fault. */
    public int faults(String operation) {
        return faults.getOrDefault(operation, new AtomicInteger()).get();
    }

    private ThrottlingDynamoDb add(String operation, Fault fault, int times) {
        Deque<Step> steps = script.computeIfAbsent(operation, o -> new ArrayDeque<>());
        synchronized (steps) {
            steps.addLast(new Step(fault, times));
        }
        return this;
    }

    private Fault nextFault(String operation) {
        Deque<Step> steps = script.get(operation);
        if (steps == null) {
            return null;
        }
        synchronized (steps) {
            Step step = steps.peekFirst();
            if (step == null) {
                return null;
            }
            if (step.left != ALWAYS && --step.left == 0) {
                steps.removeFirst();
            }
            return step.fault;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String header = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation =
                    header != null && header.startsWith(TARGET_PREFIX) ? header.substring(TARGET_PREFIX.length()) : "";
            calls.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
            Fault fault = nextFault(operation);
            if (fault != null) {
                faults.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
            }
            switch (fault) {
                case Fail fail ->
                    respond(
                            exchange,
                            400,
                            ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + fail.errorCode()
                                            + "\",\"message\":\"scripted throttling\"}")
                                    .getBytes(StandardCharsets.UTF_8));
                case Unprocessed unprocessed -> partially(exchange, operation, body, unprocessed.processed());
                case null -> {
                    HttpResponse<byte[]> response = forward(exchange, body);
                    respond(exchange, response.statusCode(), response.body());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            respond(
                    exchange,
                    500,
                    ("{\"__type\":\"InternalServerError\",\"message\":\"proxy: " + e + "\"}")
                            .getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Sends the first {@code processed} items on, and answers the others as unprocessed. */
    private void partially(HttpExchange exchange, String operation, byte[] body, int processed)
            throws IOException, InterruptedException {
        boolean write = operation.equals("BatchWriteItem");
        ObjectNode request = (ObjectNode) JSON.readTree(body);
        ObjectNode items = (ObjectNode) request.get("RequestItems");
        ObjectNode sent = JSON.createObjectNode();
        ObjectNode held = JSON.createObjectNode();
        int budget = processed;
        for (Map.Entry<String, JsonNode> table : items.properties()) {
            ArrayNode all =
                    (ArrayNode) (write ? table.getValue() : table.getValue().get("Keys"));
            ArrayNode through = JSON.createArrayNode();
            ArrayNode back = JSON.createArrayNode();
            for (JsonNode item : all) {
                (budget-- > 0 ? through : back).add(item);
            }
            if (!through.isEmpty()) {
                sent.set(
                        table.getKey(),
                        write ? through : ((ObjectNode) table.getValue().deepCopy()).set("Keys", through));
            }
            if (!back.isEmpty()) {
                held.set(
                        table.getKey(),
                        write ? back : ((ObjectNode) table.getValue().deepCopy()).set("Keys", back));
            }
        }
        ObjectNode answer;
        if (sent.isEmpty()) {
            answer = JSON.createObjectNode();
            if (!write) {
                answer.set("Responses", JSON.createObjectNode());
            }
        } else {
            request.set("RequestItems", sent);
            HttpResponse<byte[]> response = forward(exchange, JSON.writeValueAsBytes(request));
            if (response.statusCode() != 200) {
                respond(exchange, response.statusCode(), response.body());
                return;
            }
            answer = (ObjectNode) JSON.readTree(response.body());
        }
        answer.set(write ? "UnprocessedItems" : "UnprocessedKeys", held);
        respond(exchange, 200, JSON.writeValueAsBytes(answer));
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI()))
                .timeout(Duration.ofSeconds(30))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!UNFORWARDABLE.contains(name.toLowerCase())) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A JSON answer with the CRC32 header the SDK's DynamoDB client checks, computed over the body sent. */
    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(body);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        exchange.getResponseHeaders().set("x-amz-crc32", Long.toString(crc.getValue()));
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
