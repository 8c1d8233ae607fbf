package com.example.serverless.batch.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.example.serverless.batch.config.BatchConfig;
import com.example.serverless.batch.run.RunLayout;
import com.example.serverless.batch.trigger.RunStarter;
import com.example.serverless.common.aws.AwsClients;
import com.example.serverless.common.aws.ClientTimeouts;
import com.example.serverless.common.config.Env;
import com.example.serverless.common.deadline.Deadline;
import com.example.serverless.common.metrics.FunctionMetrics;
import com.example.serverless.common.s3event.S3EventParser;
import com.example.serverless.common.s3event.S3ObjectEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * S3 {@code ObjectCreated} on {@code input/*.csv} -> one main workflow execution per object version. The event is
 * read by common's {@link S3EventParser} (keys decoded as S3 encodes them; every record checked before any run
 * starts, so a malformed record fails the whole event and nothing is half-started). A duplicate event is logged
 * and ignored; any other failure fails the invocation so Lambda's asynchronous retries try again (and a retry
 * that races a success is just another duplicate).
 */
public final class TriggerHandler implements RequestHandler<S3Event, List<RunStarter.Started>> {

    private static final Logger LOG = LogManager.getLogger(TriggerHandler.class);
    private static final TriggerPriming PRIMING = TriggerPriming.register(new TriggerPriming());
    private static final S3EventParser EVENTS = S3EventParser.objectCreated();

    private final RunStarter starter;
    private final FunctionMetrics metrics;

    public TriggerHandler() {
        this(AwsClients.configure(SfnClient.builder(), ClientTimeouts.FAST).build(), Env.system());
    }

    TriggerHandler(SfnClient sfn, Env env) {
        this.starter = new RunStarter(sfn, BatchConfig.Trigger.from(env).stateMachineArn());
        this.metrics = FunctionMetrics.forFunction(env, "batch-orchestrator", "trigger");
    }

    @Override
    public List<RunStarter.Started> handleRequest(S3Event event, Context context) {
        Deadline deadline = Deadline.fromRemaining(context.getRemainingTimeInMillis());
        return metrics.flushAfter(() -> handle(event, context, deadline));
    }

    private List<RunStarter.Started> handle(S3Event event, Context context, Deadline deadline) {
        List<RunStarter.Started> results = new ArrayList<>();
        S3EventParser.Parsed parsed = EVENTS.parse(event);
        if (!parsed.ignored().isEmpty()) {
            LOG.warn("ignored records that are not ObjectCreated notifications: {}", parsed.ignored());
        }
        for (S3ObjectEvent record : parsed.records()) {
            String bucket = record.bucket();
            String key = record.key();
            String versionId = record.versionId();
            try (var ids = RunLogContext.forObject("trigger", bucket, key, versionId, context)) {
                if (!key.startsWith(RunLayout.INPUT_PREFIX)
                        || !key.toLowerCase(Locale.ROOT).endsWith(".csv")) {
                    LOG.warn("ignored: not an input/*.csv object (check the bucket notification filter)");
                    metrics.count("ObjectsIgnored", 1);
                    continue;
                }
                deadline.check("start run");
                RunStarter.Started started =
                        starter.start(bucket, key, versionId, record.eTag(), context.getAwsRequestId());
                ids.withRun(started.runId());
                if (started.outcome() == RunStarter.Outcome.DUPLICATE) {
                    LOG.info("duplicate event: this object version's run was already started by another delivery;"
                            + " nothing to do");
                    metrics.count("DuplicateDeliveries", 1);
                } else {
                    LOG.info("run started");
                    metrics.count("RunsStarted", 1);
                }
                results.add(started);
            }
        }
        return results;
    }
}
