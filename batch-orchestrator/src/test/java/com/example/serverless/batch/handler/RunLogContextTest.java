package com.example.serverless.batch.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.serverless.batch.chunk.ChunkRequest;
import com.example.serverless.batch.merge.RunSummary;
import com.example.serverless.batch.run.RunInput;
import com.example.serverless.testsupport.TestLambdaContext;
import java.util.Map;
import org.apache.logging.log4j.CloseableThreadContext;
import org.apache.logging.log4j.ThreadContext;
import org.junit.jupiter.api.Test;

/** Every batch handler logs its ids under the same names; the context is gone when the step ends. */
class RunLogContextTest {

    private final TestLambdaContext context = new TestLambdaContext("batch");

    @Test
    void aWholeRunStep_carriesTheInputAndTheRun() {
        Map<String, String> ids = during(RunLogContext.of(new RunInput("b", "input/a.csv", "v1", "run-1"), context));

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
        Map<String, String> ids = during(RunLogContext.of(new ChunkRequest("run-1", "b", 3, "\t"), context));

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

        assertThat(during(RunLogContext.of(summary, context)))
                .containsEntry("runId", "run-1")
                .containsEntry("key", "input/a.csv")
                .containsEntry("versionId", "null");
    }

    @Test
    void theTrigger_addsTheRunOnceStarted() {
        try (var ids = RunLogContext.forObject("b", "input/a.csv", "v1", context)) {
            assertThat(ThreadContext.getContext()).doesNotContainKey("runId");
            RunLogContext.withRun(ids, "run-1");
            assertThat(ThreadContext.getContext())
                    .containsEntry("runId", "run-1")
                    .containsEntry("executionName", "run-1")
                    .containsEntry("key", "input/a.csv");
        }
        assertThat(ThreadContext.getContext()).isEmpty();
    }

    private static Map<String, String> during(CloseableThreadContext.Instance ids) {
        try (ids) {
            return Map.copyOf(ThreadContext.getContext());
        }
    }
}
