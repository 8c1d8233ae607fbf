package com.example.serverless.batch.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.example.serverless.batch.config.BatchConfig;
import com.example.serverless.batch.run.RunInput;
import com.example.serverless.batch.run.StepJson;
import com.example.serverless.batch.split.SplitResponse;
import com.example.serverless.batch.split.SplitService;
import com.example.serverless.common.aws.AwsClients;
import com.example.serverless.common.aws.ClientTimeouts;
import com.example.serverless.common.config.Env;
import com.example.serverless.common.deadline.Deadline;
import com.example.serverless.common.metrics.FunctionMetrics;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.services.s3.S3Client;

/** Main workflow step "Split": input object -> chunk objects + manifest; returns the part numbers. */
public final class SplitHandler implements RequestStreamHandler {

    private static final Logger LOG = LogManager.getLogger(SplitHandler.class);
    private static final SplitPriming PRIMING = SplitPriming.register(new SplitPriming());

    private final SplitService service;
    private final FunctionMetrics metrics;

    public SplitHandler() {
        this(AwsClients.configure(S3Client.builder(), ClientTimeouts.STREAMING).build(), Env.system());
    }

    SplitHandler(S3Client s3, Env env) {
        BatchConfig.Split config = BatchConfig.Split.from(env);
        this.service = new SplitService(s3, config.dialect(), config.chunkSize(), config.maxChunks());
        this.metrics = FunctionMetrics.forFunction(env, "batch-orchestrator", "split");
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
        RunInput run = StepJson.read(input, RunInput.class);
        try (var ids = RunLogContext.of("split", run, context)) {
            deadline.check("split");
            SplitResponse response = service.split(run, deadline);
            metrics.count("SplitRows", response.inputRows());
            metrics.count("SplitChunks", response.chunkCount());
            LOG.info("split {} rows into {} chunks", response.inputRows(), response.chunkCount());
            StepJson.write(output, response);
        }
    }
}
