package com.example.serverless.batch.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.example.serverless.batch.chunk.DynamoDbErrorTable;
import com.example.serverless.batch.config.BatchConfig;
import com.example.serverless.batch.failure.FailureNotifier;
import com.example.serverless.batch.failure.FailureRequest;
import com.example.serverless.batch.run.StepJson;
import com.example.serverless.common.aws.AwsClients;
import com.example.serverless.common.aws.ClientTimeouts;
import com.example.serverless.common.config.Env;
import com.example.serverless.common.deadline.Deadline;
import com.example.serverless.common.metrics.FunctionMetrics;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Main workflow step "NotifyFailure": removes the failed run's error rows and notifies the failure in plain words
 * (run, chunk and row range, error class and message, what to do).
 */
public final class FailureHandler implements RequestStreamHandler {

    private static final FailurePriming PRIMING = FailurePriming.register(new FailurePriming());

    private final FailureNotifier notifier;
    private final FunctionMetrics metrics;

    public FailureHandler() {
        this(
                AwsClients.configure(S3Client.builder(), ClientTimeouts.FAST).build(),
                AwsClients.configure(DynamoDbClient.builder(), ClientTimeouts.FAST)
                        .build(),
                AwsClients.configure(SnsClient.builder(), ClientTimeouts.FAST).build(),
                Env.system());
    }

    FailureHandler(S3Client s3, DynamoDbClient dynamoDb, SnsClient sns, Env env) {
        BatchConfig.Failure config = BatchConfig.Failure.from(env);
        this.notifier = new FailureNotifier(
                s3, sns, config.topicArn(), new DynamoDbErrorTable(dynamoDb, config.errorTable())::deleteRun);
        this.metrics = FunctionMetrics.forFunction(env, "batch-orchestrator", "failure");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        Deadline deadline = Deadline.fromRemaining(context.getRemainingTimeInMillis());
        metrics.flushAfter(() -> {
            handle(input, output, context, deadline);
            return null;
        });
    }

    private void handle(InputStream input, OutputStream output, Context context, Deadline deadline) {
        FailureRequest request = StepJson.read(input, FailureRequest.class);
        try (var ids = RunLogContext.of(
                "failure", request.runId(), request.bucket(), request.key(), request.versionId(), context)) {
            deadline.check("failure report");
            StepJson.write(output, Map.of("messageId", notifier.handle(request)));
            metrics.count("RunsFailed", 1); // after the report: a retried attempt must not count the run twice
        }
    }
}
