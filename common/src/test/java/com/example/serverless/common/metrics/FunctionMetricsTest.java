package com.example.serverless.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.serverless.common.config.Env;
import com.example.serverless.common.deadline.Deadline;
import com.example.serverless.common.deadline.DeadlineExceededException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FunctionMetricsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream original;

    @BeforeEach
    void captureStdout() {
        original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStdout() {
        System.setOut(original);
    }

    @Test
    void flushAfter_printsOneEmfLineWithTheNamespaceTheTwoDimensionsAndSummedCounts() throws Exception {
        FunctionMetrics metrics =
                FunctionMetrics.forFunction(new Env(Map.of("POWERTOOLS_METRICS_NAMESPACE", "Test/Ns")), "svc", "fn");

        String result = metrics.flushAfter(() -> {
            metrics.count("Things", 2);
            metrics.count("Things", 3);
            metrics.milliseconds("Took", 12.5);
            metrics.perSecond("Rate", 400);
            return "done";
        });

        assertThat(result).isEqualTo("done");
        List<JsonNode> docs = emf();
        assertThat(docs).hasSize(1);
        JsonNode doc = docs.get(0);
        JsonNode directive = doc.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(directive.path("Namespace").asText()).isEqualTo("Test/Ns");
        assertThat(directive.path("Dimensions").toString()).isEqualTo("[[\"Service\",\"Function\"]]");
        assertThat(doc.path("Service").asText()).isEqualTo("svc");
        assertThat(doc.path("Function").asText()).isEqualTo("fn");
        assertThat(doc.path("Things").asDouble()).isEqualTo(5.0);
        assertThat(doc.path("Took").asDouble()).isEqualTo(12.5);
        assertThat(doc.path("Rate").asDouble()).isEqualTo(400.0);
        assertThat(directive.path("Metrics").toString())
                .contains("{\"Name\":\"Things\",\"Unit\":\"Count\"}")
                .contains("{\"Name\":\"Took\",\"Unit\":\"Milliseconds\"}")
                .contains("{\"Name\":\"Rate\",\"Unit\":\"Count/Second\"}");
    }

    @Test
    void deadline_isCountedFlushedAndRethrown() {
        FunctionMetrics metrics = FunctionMetrics.forFunction(new Env(Map.of()), "svc", "fn");
        Deadline deadline = Deadline.fromRemaining(100, Duration.ofSeconds(1));

        assertThatThrownBy(() -> metrics.flushAfter(() -> {
                    metrics.count("Started", 1);
                    deadline.check("work");
                    return null;
                }))
                .isInstanceOf(DeadlineExceededException.class);

        JsonNode doc = emf().get(0);
        assertThat(doc.path("_aws")
                        .path("CloudWatchMetrics")
                        .get(0)
                        .path("Namespace")
                        .asText())
                .isEqualTo(FunctionMetrics.DEFAULT_NAMESPACE);
        assertThat(doc.path("DeadlineExceeded").asDouble()).isEqualTo(1.0);
        assertThat(doc.path("Started").asDouble()).isEqualTo(1.0);
    }

    @Test
    void nothingRecorded_printsNothing() {
        FunctionMetrics metrics = FunctionMetrics.forFunction(new Env(Map.of()), "svc", "fn");

        metrics.flush();

        assertThat(emf()).isEmpty();
    }

    @Test
    void eachFlush_startsAFreshDocument_stampedWithTheTimeOfItsFlush() {
        // Powertools accepts timestamps up to 14 days old: stay near the real time
        Instant created =
                Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).minusSeconds(4 * 3600);
        MutableClock clock = new MutableClock(created);
        FunctionMetrics metrics = FunctionMetrics.forFunction(new Env(Map.of()), "svc", "fn", clock);
        clock.now = created.plusSeconds(300);

        metrics.count("A", 1);
        metrics.flush();
        clock.now = created.plusSeconds(3 * 3600); // a warm container, hours later
        metrics.count("B", 1);
        metrics.flush();

        List<JsonNode> docs = emf();
        assertThat(docs).hasSize(2);
        assertThat(docs.get(1).has("A")).isFalse();
        assertThat(docs.get(1).path("B").asDouble()).isEqualTo(1.0);
        assertThat(docs.get(1).path("Service").asText()).isEqualTo("svc");
        assertThat(docs.get(0).at("/_aws/Timestamp").asLong())
                .isEqualTo(created.plusSeconds(300).toEpochMilli());
        assertThat(docs.get(1).at("/_aws/Timestamp").asLong())
                .isEqualTo(created.plusSeconds(3 * 3600).toEpochMilli());
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private List<JsonNode> emf() {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> docs = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\\R")) {
            if (line.contains("\"_aws\"")) {
                try {
                    docs.add(json.readTree(line));
                } catch (java.io.IOException e) {
                    throw new AssertionError("not JSON: " + line, e);
                }
            }
        }
        return docs;
    }
}
