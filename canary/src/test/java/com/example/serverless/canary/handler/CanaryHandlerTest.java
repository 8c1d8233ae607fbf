package com.example.serverless.canary.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.serverless.canary.check.Canary;
import com.example.serverless.canary.check.CanaryConfig;
import com.example.serverless.canary.check.CheckResult;
import com.example.serverless.common.config.Env;
import com.example.serverless.testsupport.LambdaEvents;
import com.example.serverless.testsupport.TestLambdaContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanaryHandlerTest {

    private static Canary canaryAgainstNothing() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        return new Canary(
                HttpClient.newHttpClient(),
                CanaryConfig.from(new Env(Map.of("CANARY_BASE_URL", "http://127.0.0.1:" + port))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theScheduledEvent_runsEveryCheck_publishesThem_andAnswersWithAReport() throws Exception {
        List<List<CheckResult>> published = new ArrayList<>();
        CanaryHandler handler = new CanaryHandler(canaryAgainstNothing(), published::add);
        Map<String, Object> event = LambdaEvents.load("canary-scheduled.json", Map.class);

        Map<String, Object> report = handler.handleRequest(event, new TestLambdaContext("CanaryFunction"));

        // failed checks do not fail the invocation: the metrics are the signal
        assertThat(report).containsEntry("passed", 0L).containsEntry("failed", 3L);
        assertThat((List<Map<String, Object>>) report.get("checks"))
                .extracting(c -> c.get("name"))
                .containsExactly("v1", "v2", "missing-version");
        assertThat(published).hasSize(1);
        assertThat(published.get(0)).hasSize(3).noneMatch(CheckResult::passed);
    }

    @Test
    void emfMetrics_oneLinePerRun_withTheContractsNamesAndDimensions() throws Exception {
        List<CheckResult> results = List.of(
                new CheckResult("v1", true, 200, 12, null),
                new CheckResult("v2", false, 200, 15, "expected apiVersion v2, got 'v1'"),
                new CheckResult("missing-version", true, 403, 9, null));
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            new EmfCheckMetrics("CanaryTestNamespace").publish(results);
        } finally {
            System.setOut(original);
        }

        List<JsonNode> lines = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.contains("\"_aws\"")) {
                lines.add(new ObjectMapper().readTree(line));
            }
        }
        assertThat(lines).hasSize(1);
        JsonNode emf = lines.get(0);
        JsonNode directive = emf.path("_aws").path("CloudWatchMetrics").path(0);
        assertThat(directive.path("Namespace").asText()).isEqualTo("CanaryTestNamespace");
        assertThat(directive.path("Dimensions").path(0).toString()).isEqualTo("[\"Service\",\"Function\"]");
        assertThat(emf.path("Service").asText()).isEqualTo("canary");
        assertThat(emf.path("Function").asText()).isEqualTo("canary");
        // one value per check: Average(CanarySuccess) = 2/3, Sum(CanaryFailure) = 1
        assertThat(emf.path("CanarySuccess").toString()).isEqualTo("[1.0,0.0,1.0]");
        assertThat(emf.path("CanaryFailure").toString()).isEqualTo("[0.0,1.0,0.0]");
        assertThat(emf.path("CanaryLatency").toString()).isEqualTo("[12.0,15.0,9.0]");
    }
}
