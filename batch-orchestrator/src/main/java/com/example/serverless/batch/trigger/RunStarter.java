package com.example.serverless.batch.trigger;

import com.example.serverless.batch.run.ExecutionNames;
import com.example.serverless.batch.run.StepJson;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/**
 * Starts the main workflow for one uploaded object under a name derived from bucket, key and version, so a
 * duplicate S3 event can never start a second run.
 *
 * <p>Telling a duplicate apart: Step Functions treats a StartExecution with an existing name and the <em>same</em>
 * input as idempotent (it answers with the running execution, which would look like a fresh start), and one with a
 * <em>different</em> input as {@code ExecutionAlreadyExists}. The input therefore carries the id of the delivery
 * that started it ({@code triggerRequestId}, the Lambda request id): a second delivery of the event is a different
 * invocation, gets {@code ExecutionAlreadyExists} whether the first run is still running or finished, and is
 * reported as {@link Outcome#DUPLICATE}. Lambda's own retry of the same invocation keeps its request id and so
 * gets the execution back (a start it already made; reported as STARTED again). The steps ignore the field.
 */
public final class RunStarter {

    /** What happened to one upload event. */
    public enum Outcome {
        STARTED,
        DUPLICATE
    }

    public record Started(Outcome outcome, String runId, String executionArn) {}

    private final SfnClient sfn;
    private final String stateMachineArn;

    public RunStarter(SfnClient sfn, String stateMachineArn) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
    }

    /**
     * @param versionId the object's version, null in an unversioned bucket
     * @param eTag used in the run id instead of the version when there is none
     * @param triggerRequestId the delivering invocation's request id (see the class comment)
     */
    public Started start(String bucket, String key, String versionId, String eTag, String triggerRequestId) {
        String runId = ExecutionNames.forObject(bucket, key, versionId != null ? versionId : eTag);
        StartInput input = new StartInput(bucket, key, versionId, runId, triggerRequestId);
        String json = new String(StepJson.bytes(input), StandardCharsets.UTF_8);
        try {
            String arn = sfn.startExecution(
                            b -> b.stateMachineArn(stateMachineArn).name(runId).input(json))
                    .executionArn();
            return new Started(Outcome.STARTED, runId, arn);
        } catch (ExecutionAlreadyExistsException e) {
            return new Started(Outcome.DUPLICATE, runId, executionArn(runId));
        }
    }

    /** {@link RunInput}'s fields plus the delivery that started the run. */
    public record StartInput(String bucket, String key, String versionId, String runId, String triggerRequestId) {}

    private String executionArn(String runId) {
        return stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + runId;
    }
}
