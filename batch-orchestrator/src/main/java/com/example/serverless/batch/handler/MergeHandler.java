package com.example.serverless.batch.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.example.serverless.batch.chunk.DynamoDbErrorTable;
import com.example.serverless.batch.config.BatchConfig;
import com.example.serverless.batch.merge.MergeRequest;
import com.example.serverless.batch.merge.Merger;
import com.example.serverless.batch.merge.RunSummary;
import com.example.serverless.batch.run.StepJson;
import com.example.serverless.common.aws.AwsClients;
import com.example.serverless.common.aws.ClientTimeouts;
import com.example.serverless.common.config.Env;
import com.example.serverless.common.deadline.Deadline;
import com.example.serverless.common.metrics.FunctionMetrics;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Main workflow step "Merge": processed chunks -> one output file + run summary, or a failed run. */
public final class MergeHandler implements RequestStreamHandler {

    private static final Logger LOG = LogManager.getLogger(MergeHandler.class);
    private static final MergePriming PRIMING = MergePriming.register(new MergePriming());

    private final Merger merger;
    private final FunctionMetrics metrics;

    public MergeHandler() {
        this(
                AwsClients.configure(S3Client.builder(), ClientTimeouts.STREAMING)
                        .build(),
                AwsClients.configure(DynamoDbClient.builder(), ClientTimeouts.FAST)
                        .build(),
                Env.system());
    }

    MergeHandler(S3Client s3, DynamoDbClient dynamoDb, Env env) {
        BatchConfig.Merge config = BatchConfig.Merge.from(env);
        this.merger = new Merger(
                s3,
                new DynamoDbErrorTable(dynamoDb, config.errorTable())::count,
                config.outputPartSizeBytes(),
                Clock.systemUTC());
        this.metrics = FunctionMetrics.forFunction(env, "batch-orchestrator", "merge");
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
        MergeRequest request = StepJson.read(input, MergeRequest.class);
        try (var ids = RunLogContext.of(
                "merge", request.runId(), request.bucket(), request.key(), request.versionId(), context)) {
            RunSummary summary = merger.merge(request, deadline);
            metrics.count("RunRowsIn", summary.inputRows());
            metrics.count("RunRowsOut", summary.outputRows());
            metrics.count("RunRowsRejected", summary.errorRows());
            LOG.info(
                    "merged {} chunks: {} input rows = {} output + {} errors",
                    summary.chunks(),
                    summary.inputRows(),
                    summary.outputRows(),
                    summary.errorRows());
            StepJson.write(output, summary);
        }
    }
}
