package com.example.serverless.batch.failure;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.serverless.batch.split.Manifest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailureExplainerTest {

    private final FailureExplainer explainer = new FailureExplainer();

    /**
     * What Step Functions catches when a chunk's child execution (startExecution.sync:2) fails: the child's
     * description, its input as JSON, its cause the Lambda error JSON as a string.
     */
    private static final String CHILD_FAILED_CAUSE = """
            {"ExecutionArn":"arn:aws:states:us-east-1:123456789012:execution:batch-chunk:run-1-p2",\
            "Input":{"runId":"run-1","bucket":"b","part":2,"delimiter":","},\
            "Status":"FAILED","Error":"java.io.UncheckedIOException",\
            "Cause":"{\\"errorMessage\\":\\"java.io.IOException: disk on fire\\",\
            \\"errorType\\":\\"java.io.UncheckedIOException\\",\
            \\"stackTrace\\":[\\"com.example.Foo.bar(Foo.java:1)\\",\\"com.example.Foo.baz(Foo.java:2)\\"]}"}""";

    @Test
    void aFailedChunkWorkflow_isUnwrappedToItsPartErrorClassAndMessage_withoutStackTrace() {
        FailureExplanation explanation = explainer.explain("States.TaskFailed", CHILD_FAILED_CAUSE);

        assertThat(explanation.part()).isEqualTo(2);
        assertThat(explanation.errorType()).isEqualTo("java.io.UncheckedIOException");
        assertThat(explanation.errorMessage()).isEqualTo("java.io.IOException: disk on fire");
        assertThat(explanation.advice()).contains("upload the file again");
    }

    @Test
    void aChildInputGivenAsAString_isReadToo() {
        String cause = CHILD_FAILED_CAUSE.replace(
                "\"Input\":{\"runId\":\"run-1\",\"bucket\":\"b\",\"part\":2," + "\"delimiter\":\",\"}",
                "\"Input\":\"{\\\"part\\\":3}\"");
        assertThat(cause).contains("\"Input\":\"{");
        assertThat(explainer.explain("States.TaskFailed", cause).part()).isEqualTo(3);
    }

    @Test
    void aFailedLambdaStep_givesItsErrorTypeAndMessage_andFileProblemsSayToFixTheFile() {
        FailureExplanation explanation = explainer.explain(
                "com.example.serverless.batch.run.InvalidInputException",
                "{\"errorMessage\":\"the file is empty: a header row is required\","
                        + "\"errorType\":\"com.example.serverless.batch.run.InvalidInputException\",\"stackTrace\":[]}");

        assertThat(explanation.part()).isNull();
        assertThat(explanation.errorMessage()).isEqualTo("the file is empty: a header row is required");
        assertThat(explanation.advice()).startsWith("Fix the file");
    }

    @Test
    void aPlainTextCause_isTheMessage_andTimeoutsAndThrottlingGetTheirOwnAdvice() {
        FailureExplanation timeout = explainer.explain("States.Timeout", "Task timed out after 900.00 seconds");
        assertThat(timeout.errorMessage()).isEqualTo("Task timed out after 900.00 seconds");
        assertThat(timeout.advice()).contains("FileChunkSize");
        assertThat(explainer
                        .explain("com.example.serverless.batch.run.ThrottledException", null)
                        .advice())
                .contains("BatchChunkConcurrency");
    }

    @Test
    void theMessage_namesRunChunkRowRangeErrorAndWhatToDo() {
        FailureRequest request = new FailureRequest("run-1", "b", "input/q1.csv", "v9", null);
        Manifest manifest = new Manifest(
                "run-1",
                "b",
                "input/q1.csv",
                "v9",
                ",",
                List.of("uuid"),
                2_500,
                List.of(
                        new Manifest.Chunk(1, "runs/run-1/chunks/part-00001.csv", 1000),
                        new Manifest.Chunk(2, "runs/run-1/chunks/part-00002.csv", 1000),
                        new Manifest.Chunk(3, "runs/run-1/chunks/part-00003.csv", 500)));

        String message = FailureNotifier.message(
                request, explainer.explain("States.TaskFailed", CHILD_FAILED_CAUSE), Optional.of(manifest), 7);

        assertThat(message)
                .startsWith("Batch run run-1 failed.")
                .contains("Input:      s3://b/input/q1.csv (version v9)")
                .contains("Where:      chunk 2 of 3, data rows 1001-2000 (runs/run-1/chunks/part-00002.csv)")
                .contains("Error:      java.io.UncheckedIOException: java.io.IOException: disk on fire")
                .contains("What to do: ")
                .contains("the 7 error rows this run had recorded were removed")
                .doesNotContain("stackTrace");
    }
}
