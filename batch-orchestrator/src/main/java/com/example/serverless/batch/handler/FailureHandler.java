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
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        FailureRequest request = StepJson.read(input, FailureRequest.class);
        try (var ids =
                RunLogContext.of(request.runId(), request.bucket(), request.key(), request.versionId(), context)) {
            StepJson.write(output, Map.of("messageId", notifier.handle(request)));
        }
    }
}
