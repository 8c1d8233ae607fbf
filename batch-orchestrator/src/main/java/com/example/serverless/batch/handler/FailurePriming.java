package com.example.serverless.batch.handler;

import com.example.serverless.batch.chunk.DynamoDbErrorTable;
import com.example.serverless.batch.failure.FailureNotifier;
import com.example.serverless.batch.failure.FailureRequest;
import com.example.serverless.common.priming.OfflineS3;
import com.example.serverless.common.priming.Priming;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Before the SnapStart snapshot: one failure notification offline (the state machine's error JSON, the manifest
 * lookup, which answers 404 here as for a run whose split failed, the error-row cleanup and Publish).
 */
final class FailurePriming extends Priming {

    @Override
    public void prime() {
        FailureRequest request = PrimingAnswers.read(
                "{" + PrimingAnswers.RUN + ",\"failure\":{\"Error\":\"States.TaskFailed\",\"Cause\":"
                        + "\"{\\\"errorMessage\\\":\\\"priming\\\",\\\"errorType\\\":"
                        + "\\\"java.lang.IllegalStateException\\\"}\"},\"outputPublished\":false}",
                FailureRequest.class);
        try (S3Client s3 = Priming.offlineClient(S3Client.builder(), OfflineS3.client("none", "", ""));
                DynamoDbClient dynamoDb = Priming.offlineClient(DynamoDbClient.builder(), PrimingAnswers.dynamoDb());
                SnsClient sns = Priming.offlineClient(SnsClient.builder(), PrimingAnswers.sns())) {
            DynamoDbErrorTable errors = new DynamoDbErrorTable(dynamoDb, "priming-errors");
            new FailureNotifier(s3, sns, PrimingAnswers.TOPIC, errors::deleteRun).handle(request);
        }
    }
}
