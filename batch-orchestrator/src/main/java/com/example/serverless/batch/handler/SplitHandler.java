package com.example.serverless.batch.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.example.serverless.batch.csv.CsvDialect;
import com.example.serverless.batch.run.RunInput;
import com.example.serverless.batch.run.StepJson;
import com.example.serverless.batch.split.SplitResponse;
import com.example.serverless.batch.split.SplitService;
import com.example.serverless.batch.split.Splitter;
import com.example.serverless.common.aws.AwsClients;
import com.example.serverless.common.aws.ClientTimeouts;
import com.example.serverless.common.config.Env;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.services.s3.S3Client;

/** Main workflow step "Split": input object -> chunk objects + manifest; returns the part numbers. */
public final class SplitHandler implements RequestStreamHandler {

    private static final Logger LOG = LogManager.getLogger(SplitHandler.class);

    private final SplitService service;

    public SplitHandler() {
        this(AwsClients.configure(S3Client.builder(), ClientTimeouts.STREAMING).build(), Env.system());
    }

    SplitHandler(S3Client s3, Env env) {
        CsvDialect dialect;
        try {
            dialect = CsvDialect.fromParameter(env.optional("FILE_DELIMITER", ","));
        } catch (IllegalArgumentException e) {
            throw new Env.InvalidConfigurationException("FILE_DELIMITER", e.getMessage());
        }
        this.service = new SplitService(
                s3,
                dialect,
                env.intValue("FILE_CHUNK_SIZE", 1000, 1, 100_000),
                env.intValue("MAX_CHUNKS", Splitter.DEFAULT_MAX_CHUNKS, 1, Splitter.DEFAULT_MAX_CHUNKS));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        RunInput run = StepJson.read(input, RunInput.class);
        try (var ids = RunLogContext.of(run, context)) {
            SplitResponse response = service.split(run);
            LOG.info("split {} rows into {} chunks", response.inputRows(), response.chunkCount());
            StepJson.write(output, response);
        }
    }
}
