package com.example.serverless.batch.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.example.serverless.batch.chunk.ChunkCounts;
import com.example.serverless.batch.chunk.ChunkRequest;
import com.example.serverless.batch.chunk.ChunkService;
import com.example.serverless.batch.chunk.DynamoDbErrorTable;
import com.example.serverless.batch.config.BatchConfig;
import com.example.serverless.batch.enrich.DynamoDbReferenceLookup;
import com.example.serverless.batch.run.StepJson;
import com.example.serverless.common.aws.AwsClients;
import com.example.serverless.common.aws.ClientTimeouts;
import com.example.serverless.common.config.Env;
import com.example.serverless.common.deadline.Deadline;
import com.example.serverless.common.metrics.FunctionMetrics;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Chunk workflow's only task: validate, enrich and write one whole chunk, recording its error rows. */
public final class ChunkHandler implements RequestStreamHandler {

    private static final Logger LOG = LogManager.getLogger(ChunkHandler.class);
    private static final ChunkPriming PRIMING = ChunkPriming.register(new ChunkPriming());

    private final ChunkService service;
    private final FunctionMetrics metrics;

    public ChunkHandler() {
        this(
                AwsClients.configure(S3Client.builder(), ClientTimeouts.STREAMING)
                        .build(),
                AwsClients.configure(DynamoDbClient.builder(), ClientTimeouts.FAST)
                        .build(),
                Env.system());
    }

    ChunkHandler(S3Client s3, DynamoDbClient dynamoDb, Env env) {
        BatchConfig.Chunk config = BatchConfig.Chunk.from(env);
        this.service = new ChunkService(
                s3,
                new DynamoDbReferenceLookup(dynamoDb, config.referenceTable()),
                new DynamoDbErrorTable(dynamoDb, config.errorTable()));
        this.metrics = FunctionMetrics.forFunction(env, "batch-orchestrator", "chunk");
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
        ChunkRequest request = StepJson.read(input, ChunkRequest.class);
        try (var ids = RunLogContext.of("chunk", request, context)) {
            deadline.check("chunk");
            long started = System.nanoTime();
            ChunkCounts counts = service.process(request, deadline);
            double millis = (System.nanoTime() - started) / 1e6;
            metrics.count("ChunkRowsIn", counts.inputRows());
            metrics.count("ChunkRowsOut", counts.outputRows());
            metrics.count("ChunkRowsRejected", counts.errorRows());
            metrics.milliseconds("ChunkProcessingTime", millis);
            metrics.perSecond("ChunkRowsPerSecond", counts.inputRows() / Math.max(millis, 1) * 1000);
            LOG.info(
                    "chunk processed: {} rows in, {} out, {} errors",
                    counts.inputRows(),
                    counts.outputRows(),
                    counts.errorRows());
            StepJson.write(output, counts);
        }
    }
}
