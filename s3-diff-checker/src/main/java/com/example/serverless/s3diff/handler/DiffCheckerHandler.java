package com.example.serverless.s3diff.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.example.serverless.common.aws.AwsClients;
import com.example.serverless.common.aws.ClientTimeouts;
import com.example.serverless.common.config.Env;
import com.example.serverless.common.deadline.Deadline;
import com.example.serverless.common.metrics.FunctionMetrics;
import com.example.serverless.common.s3event.S3EventParser;
import com.example.serverless.common.s3event.S3ObjectEvent;
import com.example.serverless.common.tracing.Tracing;
import com.example.serverless.s3diff.CheckResult;
import com.example.serverless.s3diff.DiffChecker;
import com.example.serverless.s3diff.config.DiffCheckerConfig;
import com.example.serverless.s3diff.event.ObjectVersionRef;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.CloseableThreadContext;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3 {@code ObjectCreated} notifications for the watched bucket. Exceptions are not caught: a failed check fails
 * the invocation, so the function's asynchronous invocation config retries it and then sends the event to the
 * on-failure queue.
 *
 * <p>Returns one line per record (outcome and report key), which shows in test invocations and in the on-success
 * destination if one is ever configured.
 */
public class DiffCheckerHandler implements RequestHandler<S3Event, List<String>> {

    private static final Logger LOG = LogManager.getLogger(DiffCheckerHandler.class);
    private static final DiffCheckerPriming PRIMING = DiffCheckerPriming.register(new DiffCheckerPriming());
    /** Every record checked before any is processed; a diff needs the exact version, so versionId is required. */
    static final S3EventParser EVENTS = S3EventParser.objectCreated().requireVersionId();

    private final DiffChecker checker;
    private final FunctionMetrics metrics;

    public DiffCheckerHandler() {
        this(AwsClients.configure(S3Client.builder(), ClientTimeouts.STREAMING).build(), Env.system());
    }

    DiffCheckerHandler(S3Client s3, Env env) {
        this.checker = new DiffChecker(s3, DiffCheckerConfig.fromEnv(env));
        this.metrics = FunctionMetrics.forFunction(env, "s3-diff-checker", "diff-checker");
    }

    @Override
    public List<String> handleRequest(S3Event event, Context context) {
        Deadline deadline = Deadline.fromRemaining(context.getRemainingTimeInMillis());
        return metrics.flushAfter(() -> handle(event, context, deadline));
    }

    @SuppressWarnings("try") // the ThreadContext scope is the resource; its body never needs the handle
    private List<String> handle(S3Event event, Context context, Deadline deadline) {
        try (var ids = CloseableThreadContext.put("requestId", context.getAwsRequestId())) {
            S3EventParser.Parsed parsed = EVENTS.parse(event);
            if (!parsed.ignored().isEmpty()) {
                LOG.warn("ignored records that are not ObjectCreated notifications: {}", parsed.ignored());
            }
            List<String> outcomes = new ArrayList<>();
            for (S3ObjectEvent object : parsed.records()) {
                deadline.check("next record");
                long started = System.nanoTime();
                CheckResult result;
                // one span per record, parent of its S3 calls, found by the object's ids
                try (Tracing.Span span = Tracing.span("diff-check")) {
                    span.annotate("bucket", object.bucket())
                            .annotate("key", object.key())
                            .annotate("versionId", object.versionId());
                    try {
                        result = checker.check(
                                new ObjectVersionRef(object.bucket(), object.key(), object.versionId()), deadline);
                    } catch (RuntimeException e) {
                        span.failed(e);
                        throw e;
                    }
                    span.annotate("outcome", result.outcome().toString());
                }
                CheckMetrics.record(metrics, result, (System.nanoTime() - started) / 1e6);
                outcomes.add(result.outcome() + (result.reportKey() == null ? "" : " " + result.reportKey()));
            }
            return outcomes;
        }
    }
}
