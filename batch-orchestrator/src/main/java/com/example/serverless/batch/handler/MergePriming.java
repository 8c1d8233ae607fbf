package com.example.serverless.batch.handler;

import com.example.serverless.batch.chunk.DynamoDbErrorTable;
import com.example.serverless.batch.merge.MergeRequest;
import com.example.serverless.batch.run.RunLayout;
import com.example.serverless.common.priming.OfflineS3;
import com.example.serverless.common.priming.Priming;
import com.example.serverless.common.s3.S3MultipartOutput;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Before the SnapStart snapshot, offline: the merge request's JSON, one output written through the multipart
 * writer, one processed chunk read, and the error-row count (Query). The merge's row accounting itself needs a
 * manifest and chunk set per run; it runs at the first request.
 */
final class MergePriming extends Priming {

    @Override
    public void prime() throws Exception {
        MergeRequest request = PrimingAnswers.read(
                "{" + PrimingAnswers.RUN + ",\"startedAt\":\"2026-01-01T00:00:00Z\"}", MergeRequest.class);
        String processed = RunLayout.processedKey(request.runId(), 1);
        String csv = PrimingAnswers.CSV;
        try (S3Client s3 = Priming.offlineClient(S3Client.builder(), OfflineS3.client(processed, csv, csv));
                DynamoDbClient dynamoDb = Priming.offlineClient(DynamoDbClient.builder(), PrimingAnswers.dynamoDb())) {
            byte[] chunk = s3.getObjectAsBytes(b -> b.bucket(request.bucket()).key(processed))
                    .asByteArray();
            try (var out = new S3MultipartOutput(
                    s3, request.bucket(), RunLayout.outputKey(request.runId()), "text/csv", 5 * 1024 * 1024)) {
                out.write(chunk);
                out.write("\n".getBytes(StandardCharsets.UTF_8));
            }
            new DynamoDbErrorTable(dynamoDb, "priming-errors").count(request.runId());
        }
    }
}
