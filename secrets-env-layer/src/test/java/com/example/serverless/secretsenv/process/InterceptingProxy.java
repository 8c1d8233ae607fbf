package com.example.serverless.secretsenv.process;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP endpoint between the fetcher and moto, for what moto cannot show: it records each request as it
 * arrived on the wire (to prove which credentials signed it, and that the signature verifies) and can answer for
 * AWS instead (access denied, throttling) or not answer at all (timeout).
 */
public final class InterceptingProxy implements AutoCloseable {

    /**
     * One request as the client sent it.
     *
     * @param headers every header as received, names lower-cased, first value only
     */
    public record Seen(String method, String path, Map<String, String> headers, byte[] rawBody) {

        public String target() {
            return headers.getOrDefault("x-amz-target", "");
        }

        public String authorization() {
            return headers.get("authorization");
        }

        public String body() {
            return new String(rawBody, StandardCharsets.UTF_8);
        }
    }

    public enum Mode {
        FORWARD,
        DENY,
        THROTTLE,
        HANG
    }

    private static final Set<String> NOT_FORWARDED =
            Set.of("host", "connection", "content-length", "expect", "upgrade", "transfer-encoding");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final URI upstream;
    private volatile Mode mode;
    private final CountDownLatch closed = new CountDownLatch(1);
    public final List<Seen> seen = new CopyOnWriteArrayList<>();

    public InterceptingProxy(URI upstream, Mode mode) throws IOException {
        this.upstream = upstream;
        this.mode = mode;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    /** Switches what the proxy does with the next requests (an outage that starts or ends). */
    public void setMode(Mode next) {
        mode = next;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, String> headers = new java.util.TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
        seen.add(new Seen(
                exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), Map.copyOf(headers), body));
        try {
            switch (mode) {
                case HANG -> {
                    // hold the request until the test ends: the fetcher must give up on its own budget
                    closed.await(30, TimeUnit.SECONDS);
                    exchange.close();
                }
                case DENY ->
                    answer(
                            exchange,
                            400,
                            Map.of("x-amzn-ErrorType", "AccessDeniedException"),
                            "{\"__type\":\"AccessDeniedException\",\"message\":\"User: arn:aws:sts::123456789012:"
                                    + "assumed-role/fn/secrets-env-it is not authorized to perform: "
                                    + "secretsmanager:GetSecretValue on resource: app/denied\"}");
                case THROTTLE ->
                    answer(
                            exchange,
                            400,
                            Map.of(),
                            "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");
                case FORWARD -> forward(exchange, body);
                default -> throw new IllegalStateException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
        }
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        upstream.resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase())) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        Map<String, String> headers = new java.util.HashMap<>();
        response.headers().firstValue("Content-Type").ifPresent(v -> headers.put("Content-Type", v));
        answer(exchange, response.statusCode(), headers, new String(response.body(), StandardCharsets.UTF_8));
    }

    private static void answer(HttpExchange exchange, int status, Map<String, String> headers, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        if (!headers.containsKey("Content-Type")) {
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        client.close();
    }
}
