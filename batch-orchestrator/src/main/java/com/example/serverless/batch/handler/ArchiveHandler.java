package com.example.serverless.batch.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.example.serverless.batch.archive.ArchiveResult;
import com.example.serverless.batch.archive.InputArchiver;
import com.example.serverless.batch.config.BatchConfig;
import com.example.serverless.batch.run.RunInput;
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
import software.amazon.awssdk.services.s3.S3Client;

/** Main workflow step "Archive" (after a successful merge only): moves the input to the archive folder. */
public final class ArchiveHandler implements RequestStreamHandler {

    private static final Logger LOG = LogManager.getLogger(ArchiveHandler.class);
    private static final ArchivePriming PRIMING = ArchivePriming.register(new ArchivePriming());

    private final InputArchiver archiver;
    private final FunctionMetrics metrics;

    public ArchiveHandler() {
        this(AwsClients.configure(S3Client.builder(), ClientTimeouts.STREAMING).build(), Env.system());
    }

    ArchiveHandler(S3Client s3, Env env) {
        this.archiver = new InputArchiver(s3, BatchConfig.Archive.from(env).archiveFolder());
        this.metrics = FunctionMetrics.forFunction(env, "batch-orchestrator", "archive");
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
        try (var ids = RunLogContext.of("archive", run, context)) {
            deadline.check("archive"); // three short S3 calls: stop before starting them, not between
            String archiveKey = archiver.archive(run);
            metrics.count("InputsArchived", 1);
            LOG.info("input archived to {}", archiveKey);
            StepJson.write(output, new ArchiveResult(archiveKey));
        }
    }
}
