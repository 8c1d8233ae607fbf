package com.example.serverless.batch.trigger;

import com.example.serverless.batch.run.ExecutionNames;
import com.example.serverless.batch.run.RunInput;
import com.example.serverless.batch.run.StepJson;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/**
 * Starts the main workflow for one uploaded object under a name derived from bucket, key and version. The input
 * is a pure function of the object too, so a duplicate event either gets the running execution back
 * (same name, same input) or {@code ExecutionAlreadyExists} (already finished): either way one run. A duplicate
 * that arrives while the first run is still RUNNING cannot be told apart from the first start (Step Functions
 * answers with the same execution), so it reports STARTED; only one execution exists.
 */
public final class RunStarter {

    /** What happened to one upload event. */
    public enum Outcome { STARTED, DUPLICATE }

    public record Started(Outcome outcome, String runId, String executionArn) {
    }

    private final SfnClient sfn;
    private final String stateMachineArn;

    public RunStarter(SfnClient sfn, String stateMachineArn) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
    }

    /**
     * @param versionId the object's version, null in an unversioned bucket
     * @param eTag used in the run id instead of the version when there is none
     */
    public Started start(String bucket, String key, String versionId, String eTag) {
        String runId = ExecutionNames.forObject(bucket, key, versionId != null ? versionId : eTag);
        RunInput input = new RunInput(bucket, key, versionId, runId);
        String json = new String(StepJson.bytes(input), StandardCharsets.UTF_8);
        try {
            String arn = sfn.startExecution(b -> b.stateMachineArn(stateMachineArn).name(runId).input(json))
                    .executionArn();
            return new Started(Outcome.STARTED, runId, arn);
        } catch (ExecutionAlreadyExistsException e) {
            return new Started(Outcome.DUPLICATE, runId, executionArn(runId));
        }
    }

    private String executionArn(String runId) {
        return stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + runId;
    }
}
