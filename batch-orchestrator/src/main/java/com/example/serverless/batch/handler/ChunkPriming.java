package com.example.serverless.batch.handler;

import com.example.serverless.batch.chunk.ChunkRequest;
import com.example.serverless.batch.chunk.ChunkService;
import com.example.serverless.batch.chunk.DynamoDbErrorTable;
import com.example.serverless.batch.enrich.DynamoDbReferenceLookup;
import com.example.serverless.batch.run.RunLayout;
import com.example.serverless.common.priming.OfflineS3;
import com.example.serverless.common.priming.Priming;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Before the SnapStart snapshot: one whole chunk offline (read, validate, enrich with BatchGetItem, write, record
 * the rejected rows with BatchWriteItem); one sample row is valid, one is refused.
 */
final class ChunkPriming extends Priming {

    @Override
    public void prime() {
        ChunkRequest request = PrimingAnswers.read(
                "{\"runId\":\"input-priming-csv-v2\",\"bucket\":\"priming\",\"part\":1,\"delimiter\":\",\"}",
                ChunkRequest.class);
        String key = RunLayout.chunkKey(request.runId(), request.part());
        String csv = PrimingAnswers.CHUNK;
        try (S3Client s3 = Priming.offlineClient(S3Client.builder(), OfflineS3.client(key, csv, csv));
                DynamoDbClient dynamoDb = Priming.offlineClient(DynamoDbClient.builder(), PrimingAnswers.dynamoDb())) {
            ChunkService service = new ChunkService(
                    s3,
                    new DynamoDbReferenceLookup(dynamoDb, "priming-reference"),
                    new DynamoDbErrorTable(dynamoDb, "priming-errors"));
            PrimingAnswers.write(service.process(request));
        }
    }
}
