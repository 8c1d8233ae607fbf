package com.example.serverless.batch.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.serverless.batch.chunk.ChunkRequest;
import com.example.serverless.batch.merge.RunSummary;
import com.example.serverless.batch.run.RunInput;
import com.example.serverless.testsupport.TestLambdaContext;
import com.example.serverless.testsupport.XRayDaemon;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.ThreadContext;
import org.junit.jupiter.api.Test;

/** Every batch handler logs its ids under the same names; the context is gone when the step ends. */
class RunLogContextTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestLambdaContext context = new TestLambdaContext("batch");

    @Test
    void aWholeRunStep_carriesTheInputAndTheRun() {
        Map<String, String> ids =
                during(RunLogContext.of("split", new RunInput("b", "input/a.csv", "v1", "run-1"), context));

        assertThat(ids)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "runId", "run-1",
                        "executionName", "run-1",
                        "bucket", "b",
                        "key", "input/a.csv",
                        "versionId", "v1",
                        "requestId", context.getAwsRequestId()));
        assertThat(ThreadContext.getContext()).isEmpty();
    }

    @Test
    void aChunk_carriesItsRunAndPart() {
        Map<String, String> ids = during(RunLogContext.of("chunk", new ChunkRequest("run-1", "b", 3, "\t"), context));

        assertThat(ids)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "runId", "run-1",
                        "executionName", "run-1",
                        "bucket", "b",
                        "part", "3",
                        "requestId", context.getAwsRequestId()));
    }

    @Test
    void theNotification_carriesTheSummarysInput() {
        RunSummary summary = new RunSummary(
                "run-1",
                "b",
                "input/a.csv",
                null,
                "output/run-1.csv",
                "output/run-1.summary.json",
                1,
                1,
                0,
                1,
                "2026-11-27T09:00:00Z",
                "2026-11-27T09:00:01Z",
                1000);

        assertThat(during(RunLogContext.of("notify", summary, context)))
                .containsEntry("runId", "run-1")
                .containsEntry("key", "input/a.csv")
                .containsEntry("versionId", "null");
    }

    @Test
    void theTrigger_addsTheRunOnceStarted() {
        try (var ids = RunLogContext.forObject("trigger", "b", "input/a.csv", "v1", context)) {
            assertThat(ThreadContext.getContext()).doesNotContainKey("runId");
            ids.withRun("run-1");
            assertThat(ThreadContext.getContext())
                    .containsEntry("runId", "run-1")
                    .containsEntry("executionName", "run-1")
                    .containsEntry("key", "input/a.csv");
        }
        assertThat(ThreadContext.getContext()).isEmpty();
    }

    @Test
    void inASampledTrace_theStepsSpanCarriesTheSameIds_asAnnotations() throws Exception {
        try (XRayDaemon daemon = XRayDaemon.start()) {
            daemon.invocation(XRayDaemon.newTraceHeader(true));
            during(RunLogContext.of("chunk", new ChunkRequest("run-1", "b", 3, "\t"), context));
            during(RunLogContext.of("split", new RunInput("b", "input/a.csv", null, "run-1"), context));

            List<JsonNode> spans = daemon.await(2, Duration.ofSeconds(5));
            assertThat(spans).hasSize(2);
            JsonNode chunk = spans.get(0);
            assertThat(chunk.path("name").asText()).isEqualTo("batch-chunk");
            assertThat(chunk.path("annotations").path("part").isNumber()).isTrue();
            assertThat(JSON.convertValue(chunk.path("annotations"), Map.class))
                    .isEqualTo(Map.of("runId", "run-1", "executionName", "run-1", "bucket", "b", "part", 3));
            JsonNode split = spans.get(1);
            assertThat(split.path("name").asText()).isEqualTo("batch-split");
            // an unversioned input has no versionId annotation (the log line says "null")
            assertThat(JSON.convertValue(split.path("annotations"), Map.class))
                    .isEqualTo(Map.of("runId", "run-1", "executionName", "run-1", "bucket", "b", "key", "input/a.csv"));
        }
    }

    private static Map<String, String> during(RunLogContext ids) {
        try (ids) {
            return Map.copyOf(ThreadContext.getContext());
        }
    }
}
