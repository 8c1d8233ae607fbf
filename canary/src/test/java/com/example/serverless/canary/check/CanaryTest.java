package com.example.serverless.canary.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.serverless.common.config.Env;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The canary's checks against a local HTTP server whose answers each test chooses. */
class CanaryTest {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private HttpServer server;
    private final List<String> acceptsSeen = new CopyOnWriteArrayList<>();

    private record Answer(int status, String body) {}

    private String serve(Function<String, Answer> byAccept) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hello", exchange -> {
            String accept = exchange.getRequestHeaders().getFirst("Accept");
            acceptsSeen.add(accept);
            Answer answer = byAccept.apply(accept);
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** What the deployed route answers (demo-api greeting, the edge's 403 for an unknown version). */
    private static Answer correct(String accept) {
        if (accept.contains(".v1+")) {
            return new Answer(200, "{\"apiVersion\":\"v1\",\"message\":\"Hello from API v1\"}");
        }
        if (accept.contains(".v2+")) {
            return new Answer(200, "{\"apiVersion\":\"v2\",\"message\":\"Hello from API v2\"}");
        }
        return new Answer(403, "{\"message\":\"The requested API version does not exist.\",\"header\":\"Accept\"}");
    }

    private static Canary canary(String baseUrl, int timeoutMs) {
        return new Canary(
                HTTP,
                CanaryConfig.from(
                        new Env(Map.of("CANARY_BASE_URL", baseUrl, "CANARY_TIMEOUT_MS", Integer.toString(timeoutMs)))));
    }

    @Test
    void correctAnswers_passEveryCheck_andEachVersionIsAskedForByItsMediaType() throws Exception {
        List<CheckResult> results = canary(serve(CanaryTest::correct), 5000).run();

        assertThat(results).extracting(CheckResult::passed).containsExactly(true, true, true);
        assertThat(results).extracting(CheckResult::problem).containsOnlyNulls();
        assertThat(acceptsSeen)
                .containsExactly(
                        "application/vnd.example.v1+json",
                        "application/vnd.example.v2+json",
                        "application/vnd.example.v999+json");
    }

    @Test
    void aVersionAnsweredByTheWrongApi_failsThatCheck() throws Exception {
        String base =
                serve(accept -> accept.contains(".v2+") ? correct("application/vnd.example.v1+json") : correct(accept));

        List<CheckResult> results = canary(base, 5000).run();

        assertThat(results).extracting(CheckResult::passed).containsExactly(true, false, true);
        assertThat(results.get(1).problem()).isEqualTo("expected apiVersion v2, got 'v1'");
    }

    @Test
    void aMissingVersionThatIsServed_failsTheMissingVersionCheck() throws Exception {
        // e.g. EdgeDefaultVersion misapplied to explicit versions: the unknown version must be refused, not served
        String base = serve(
                accept -> accept.contains(".v999+") ? correct("application/vnd.example.v1+json") : correct(accept));

        CheckResult missing = canary(base, 5000).run().get(2);

        assertThat(missing.passed()).isFalse();
        assertThat(missing.problem()).isEqualTo("expected 403, got 200");
    }

    @Test
    void errorsAndNonJsonBodies_failWithTheStatusOrTheMissingField() throws Exception {
        String base = serve(accept -> accept.contains(".v1+")
                ? new Answer(503, "{\"message\":\"The API version lookup is temporarily unavailable. Retry later.\"}")
                : accept.contains(".v2+")
                        ? new Answer(200, "<html>hello</html>")
                        : new Answer(403, "{\"message\":\"Forbidden\"}"));

        List<CheckResult> results = canary(base, 5000).run();

        assertThat(results)
                .extracting(CheckResult::problem)
                .containsExactly(
                        "expected 200 from v1, got 503",
                        "expected apiVersion v2, got no such field in a JSON body",
                        "expected message 'The requested API version does not exist.', got 'Forbidden'");
    }

    @Test
    void anEndpointThatDoesNotAnswerInTime_failsEveryCheckWithStatusZero() throws Exception {
        String base = serve(accept -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return correct(accept);
        });

        List<CheckResult> results = canary(base, 300).run();

        assertThat(results).extracting(CheckResult::status).containsOnly(0);
        assertThat(results).extracting(CheckResult::problem).containsOnly("no answer within 300 ms");
    }

    @Test
    void nothingListening_failsEveryCheck() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        List<CheckResult> results = canary("http://127.0.0.1:" + port, 2000).run();

        assertThat(results).noneMatch(CheckResult::passed);
        assertThat(results.get(0).problem()).startsWith("request failed: ");
    }
}
