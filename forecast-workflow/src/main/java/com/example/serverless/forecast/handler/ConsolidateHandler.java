package com.example.serverless.forecast.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.example.serverless.common.aws.AwsClients;
import com.example.serverless.common.aws.ClientTimeouts;
import com.example.serverless.common.config.Env;
import com.example.serverless.common.deadline.Deadline;
import com.example.serverless.common.metrics.FunctionMetrics;
import com.example.serverless.common.tracing.Tracing;
import com.example.serverless.forecast.config.ConsolidateConfig;
import com.example.serverless.forecast.consolidate.ConsolidateRequest;
import com.example.serverless.forecast.consolidate.ConsolidatedTable;
import com.example.serverless.forecast.consolidate.ExportConsolidator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.CloseableThreadContext;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Workflow step "Consolidate-Results": {@code {"exports":[{"name","prefix"}...],"outputPrefix"}} in,
 * {@code {"tables":[{"table","key","parts","rows","header"}...]}} out. The bucket is {@code RESULTS_BUCKET}.
 */
public final class ConsolidateHandler implements RequestStreamHandler {

    private static final Logger LOG = LogManager.getLogger(ConsolidateHandler.class);
    private static final ConsolidatePriming PRIMING = ConsolidatePriming.register(new ConsolidatePriming());
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final ExportConsolidator consolidator;
    private final String bucket;
    private final FunctionMetrics metrics;

    public ConsolidateHandler() {
        this(AwsClients.configure(S3Client.builder(), ClientTimeouts.STREAMING).build(), Env.system());
    }

    ConsolidateHandler(S3Client s3, Env env) {
        ConsolidateConfig config = ConsolidateConfig.from(env);
        this.bucket = config.resultsBucket();
        this.consolidator = new ExportConsolidator(s3, bucket, config.outputPartSizeBytes());
        this.metrics = FunctionMetrics.forFunction(env, "forecast-workflow", "consolidate");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Deadline deadline = Deadline.fromRemaining(context.getRemainingTimeInMillis());
        metrics.flushAfter(() -> {
            handle(input, output, context, deadline);
            return null;
        });
    }

    private void handle(InputStream input, OutputStream output, Context context, Deadline deadline) throws IOException {
        ConsolidateRequest request;
        try {
            request = JSON.readValue(input, ConsolidateRequest.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("step input is not a valid ConsolidateRequest: " + e.getMessage(), e);
        }
        try (var ids = CloseableThreadContext.put("bucket", bucket)
                        .put("outputPrefix", String.valueOf(request.outputPrefix()))
                        .put("requestId", context.getAwsRequestId());
                Tracing.Span span = Tracing.span("forecast-consolidate")) {
            span.annotate("bucket", bucket).annotate("outputPrefix", request.outputPrefix());
            List<ConsolidatedTable> tables;
            try {
                tables = consolidator.consolidate(request, deadline);
            } catch (RuntimeException e) {
                span.failed(e);
                throw e;
            }
            metrics.count("TablesConsolidated", tables.size());
            metrics.count(
                    "RowsConsolidated",
                    tables.stream().mapToLong(ConsolidatedTable::rows).sum());
            LOG.info("consolidated {} table(s)", tables.size());
            JSON.writeValue(output, Map.of("tables", tables));
        }
    }
}
