package com.example.serverless.batch.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.example.serverless.batch.config.BatchConfig;
import com.example.serverless.batch.notify.CompletionNotifier;
import com.example.serverless.batch.notify.NotifyRequest;
import com.example.serverless.batch.run.StepJson;
import com.example.serverless.common.aws.AwsClients;
import com.example.serverless.common.aws.ClientTimeouts;
import com.example.serverless.common.config.Env;
import com.example.serverless.common.deadline.Deadline;
import com.example.serverless.common.metrics.FunctionMetrics;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sns.SnsClient;

/** Main workflow step "NotifySuccess": summary + presigned output link to the SNS topic. */
public final class NotifyHandler implements RequestStreamHandler {

    private static final Logger LOG = LogManager.getLogger(NotifyHandler.class);
    private static final NotifyPriming PRIMING = NotifyPriming.register(new NotifyPriming());

    private final CompletionNotifier notifier;
    private final FunctionMetrics metrics;

    public NotifyHandler() {
        this(
                AwsClients.configurePresigner(S3Presigner.builder()).build(),
                AwsClients.configure(SnsClient.builder(), ClientTimeouts.FAST).build(),
                Env.system());
    }

    NotifyHandler(S3Presigner presigner, SnsClient sns, Env env) {
        BatchConfig.Notify config = BatchConfig.Notify.from(env);
        this.notifier = new CompletionNotifier(presigner, sns, config.topicArn(), config.linkLifetime());
        this.metrics = FunctionMetrics.forFunction(env, "batch-orchestrator", "notify");
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
        NotifyRequest request = StepJson.read(input, NotifyRequest.class);
        try (var ids = RunLogContext.of("notify", request.summary(), context)) {
            deadline.check("notify");
            String messageId = notifier.notify(request);
            metrics.count("RunsSucceeded", 1);
            metrics.milliseconds("RunDuration", request.summary().durationMillis());
            LOG.info("completion notified");
            StepJson.write(output, Map.of("messageId", messageId));
        }
    }
}
